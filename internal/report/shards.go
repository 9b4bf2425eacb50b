package report

import (
	"fmt"
	"strconv"
	"time"

	"github.com/bpbench/bpbench/internal/results"
)

// shardRow is one part of a merged run, as the page shows it.
type shardRow struct {
	Shard, Host, Cells, Machine, Runtime, When string
}

// shardRows lists the parts a merged run was joined from, each with the
// machine it ran on; nil for a run made in one piece.
func shardRows(m *results.Meta) []shardRow {
	var rows []shardRow
	for _, s := range m.Shards {
		r := shardRow{Shard: s.Path, Host: s.Env.Host, Cells: strconv.Itoa(s.Cells)}
		if s.Shard != nil {
			r.Shard = fmt.Sprintf("%d/%d (%s)", s.Shard.Index, s.Shard.Count, s.Path)
		}
		r.Machine = s.Env.CPU
		if s.Env.Cores > 0 {
			r.Machine += fmt.Sprintf(" ×%d", s.Env.Cores)
		}
		if s.Env.OS != "" {
			r.Machine += ", " + s.Env.OS + "/" + s.Env.Arch
		}
		r.Runtime = s.Env.Go + ", bpbench " + s.Env.Bpbench
		if s.Node != "" {
			r.Runtime += ", Node.js " + s.Node
		}
		if !s.Started.IsZero() {
			r.When = s.Started.UTC().Format(time.RFC3339)
			if !s.Finished.IsZero() {
				r.When += fmt.Sprintf(" (%s)", s.Finished.Sub(s.Started).Round(time.Millisecond))
			}
		}
		if s.Interrupted {
			r.When += " interrupted"
		}
		rows = append(rows, r)
	}
	return rows
}
