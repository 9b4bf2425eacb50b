# summarize.awk: reads interleave.sh's lines "hwm engine script" and prints,
# per highWaterMark, each side's mean ± half its 95% CI and the mean of the
# paired ratios engine/script ± half its 95% CI (t for n-1 df, n <= 10).
function t975(df) { split("12.706 4.303 3.182 2.776 2.571 2.447 2.365 2.306 2.262", q, " "); return df <= 9 ? q[df] : 2.2 }
function ci(s, ss, n) { m = s / n; return t975(n - 1) * sqrt((ss - n * m * m) / (n - 1)) / sqrt(n) }
{ k = $1; if (!(k in n)) order[++K] = k; n[k]++; e[k] += $2; ee[k] += $2 * $2; s[k] += $3; sss[k] += $3 * $3; r = $2 / $3; rr[k] += r; rrr[k] += r * r }
END {
  printf "%-6s %5s %-18s %-18s %s\n", "hwm", "n", "engine MiB/s", "pipe.js MiB/s", "engine/pipe.js"
  for (i = 1; i <= K; i++) { k = order[i]
    printf "%-6s %5d %6.2f ± %-8.2f %6.2f ± %-8.2f %5.3f ± %.3f\n", k, n[k], e[k] / n[k], ci(e[k], ee[k], n[k]), s[k] / n[k], ci(s[k], sss[k], n[k]), rr[k] / n[k], ci(rr[k], rrr[k], n[k]) }
}
