package results

import (
	"bytes"
	"fmt"
	"strings"
)

// Dedupe finds the records of recs that share a cell and repeat (Key): a
// file concatenated with itself, two runs that wrote one file, shards that
// overlap. Identical duplicates (the same JSON) are dropped, keeping the
// first, and warning names each such cell; duplicates that differ are an
// error naming the first of them and where both come from, since either
// could be the right one. where(i) names where recs[i] was read
// ("results.jsonl:3"). recs is not modified.
func Dedupe(recs []Record, where func(i int) string) (kept []Record, warning string, err error) {
	type first struct {
		i    int
		line []byte
	}
	seen := make(map[Key]first, len(recs))
	var dups []string
	kept = make([]Record, 0, len(recs))
	for i := range recs {
		r := &recs[i]
		b, merr := Marshal(r)
		if merr != nil {
			return nil, "", merr
		}
		f, ok := seen[r.Key()]
		if !ok {
			seen[r.Key()] = first{i, b}
			kept = append(kept, *r)
			continue
		}
		if !bytes.Equal(f.line, b) {
			count := map[Key]int{}
			for j := range recs {
				count[recs[j].Key()]++
			}
			n := 0
			for _, c := range count {
				n += c - 1
			}
			return nil, "", fmt.Errorf("%s: cell %s#%d again, with other results than at %s (two runs wrote one file?); %d records repeat a cell: keep one run's records, or run again",
				where(i), r.Cell, r.Repeat, where(f.i), n)
		}
		dups = append(dups, fmt.Sprintf("%s#%d (%s = %s)", r.Cell, r.Repeat, where(i), where(f.i)))
	}
	if len(dups) == 0 {
		return recs, "", nil
	}
	const show = 20
	list := strings.Join(dups[:min(len(dups), show)], ", ")
	if len(dups) > show {
		list += fmt.Sprintf(", and %d more", len(dups)-show)
	}
	return kept, fmt.Sprintf("%d records repeat an earlier one exactly and are counted once: %s", len(dups), list), nil
}
