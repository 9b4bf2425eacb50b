package merge

import (
	"fmt"
	"regexp"
	"slices"
	"strings"

	"github.com/bpbench/bpbench/internal/results"
)

// Input is one result file to merge, read.
type Input struct {
	// Path names the input in messages (its results.jsonl or folder).
	Path string
	// Meta is its run.json; a merge refuses an input without one, since it
	// could not check that the input belongs to the run.
	Meta *results.Meta
	// Records are its records; Warnings what reading them found.
	Records  []results.Record
	Warnings []string
}

// Options change what Merge accepts. The zero value is the safe merge.
type Options struct {
	// AllowMissing merges inputs that leave cells of the plan missing; the
	// result names them in Missing and Warnings.
	AllowMissing bool
}

// Result is a merged run.
type Result struct {
	// Meta is the whole run's run.json: the first input's, with Cells the
	// plan's, the earliest start and latest end, and Shards listing every
	// input.
	Meta *results.Meta
	// Records are every input's records, each once, in plan order.
	Records []results.Record
	// Missing names the cells of the plan that no input has
	// ("hwm=16KiB#2"), in plan order; MissingCount counts them (when the
	// inputs do not name the plan's cells, only the count is known).
	Missing      []string
	MissingCount int
	// Warnings are the inputs' warnings, and what is missing.
	Warnings []string
}

// showCells bounds the cells an error lists.
const showCells = 6

// Merge joins inputs, all of one scenario, into one run; see the package
// doc for what it refuses. Errors name the inputs at fault.
func Merge(in []Input, opt Options) (*Result, error) {
	if len(in) == 0 {
		return nil, fmt.Errorf("merge: no inputs")
	}
	for _, x := range in {
		if x.Meta == nil {
			return nil, fmt.Errorf("merge: %s has no %s beside it: without it nothing shows that it is part of the same run as the others (scenario text, seed, engine, bpbench version); copy it from where the part ran", x.Path, results.MetaName)
		}
	}
	if err := sameRun(in); err != nil {
		return nil, err
	}
	if err := distinctShards(in); err != nil {
		return nil, err
	}
	recs, err := union(in)
	if err != nil {
		return nil, err
	}
	r := &Result{Records: recs, Meta: mergedMeta(in)}
	for _, x := range in {
		r.Warnings = append(r.Warnings, x.Warnings...)
	}
	r.Missing, r.MissingCount = missing(in, r.Meta, recs)
	if r.MissingCount > 0 {
		msg := fmt.Sprintf("%d of the plan's %d cells are missing", r.MissingCount, r.Meta.Cells)
		if len(r.Missing) > 0 {
			msg += ": " + list(r.Missing)
		}
		if s := absentShards(in); s != "" {
			msg += "; " + s
		}
		if !opt.AllowMissing {
			return nil, fmt.Errorf("merge: %s: %s; give --allow-missing to render a partial report", r.Meta.Scenario, msg)
		}
		r.Warnings = append(r.Warnings, "partial merge: "+msg)
	}
	return r, nil
}

// sameRun checks that every input is a part of the first one's run.
func sameRun(in []Input) error {
	a := in[0]
	for _, b := range in[1:] {
		var diffs []string
		differ := func(what, x, y string) {
			if x != y {
				diffs = append(diffs, fmt.Sprintf("%s %s vs %s", what, x, y))
			}
		}
		differ("scenario", a.Meta.Scenario, b.Meta.Scenario)
		differ("scenario text (sha256)", short(a.Meta.SHA256), short(b.Meta.SHA256))
		differ("seed", fmt.Sprint(a.Meta.Seed), fmt.Sprint(b.Meta.Seed))
		differ("repeat", fmt.Sprint(a.Meta.Repeat), fmt.Sprint(b.Meta.Repeat))
		differ("engine", engineID(a.Meta.Engine), engineID(b.Meta.Engine))
		differ("bpbench version", a.Meta.Env.Bpbench, b.Meta.Env.Bpbench)
		if len(diffs) > 0 {
			return fmt.Errorf("merge: %s and %s are not parts of one run: %s", a.Path, b.Path, strings.Join(diffs, "; "))
		}
	}
	return nil
}

// distinctShards checks that no two inputs are the same shard and that
// all shards split the plan the same number of ways.
func distinctShards(in []Input) error {
	first := map[int]string{}
	var count int
	var countFrom string
	for _, x := range in {
		s := x.Meta.Shard
		if s == nil {
			continue
		}
		if count == 0 {
			count, countFrom = s.Count, x.Path
		} else if s.Count != count {
			return fmt.Errorf("merge: %s is shard %d/%d but %s is one of %d shards: the plan was split two ways", x.Path, s.Index, s.Count, countFrom, count)
		}
		if other, dup := first[s.Index]; dup {
			return fmt.Errorf("merge: %s and %s are both shard %d/%d", other, x.Path, s.Index, s.Count)
		}
		first[s.Index] = x.Path
	}
	return nil
}

// union returns every input's records in plan order, refusing a cell
// that comes twice.
func union(in []Input) ([]results.Record, error) {
	from := map[results.Key]string{}
	var recs []results.Record
	var dups []string
	for _, x := range in {
		for _, rec := range x.Records {
			k := rec.Key()
			if other, dup := from[k]; dup {
				where := "twice in " + x.Path
				if other != x.Path {
					where = "in " + other + " and in " + x.Path
				}
				dups = append(dups, fmt.Sprintf("%s#%d (%s)", rec.Cell, rec.Repeat, where))
				continue
			}
			from[k] = x.Path
			recs = append(recs, rec)
		}
	}
	if len(dups) > 0 {
		return nil, fmt.Errorf("merge: %d cells come more than once (overlapping shards, or a file with a cell twice): %s", len(dups), list(dups))
	}
	slices.SortStableFunc(recs, func(a, b results.Record) int { return a.Index - b.Index })
	return recs, nil
}

// mergedMeta returns the whole run's meta.
func mergedMeta(in []Input) *results.Meta {
	m := *in[0].Meta
	m.Shard = nil
	m.Shards = nil
	m.Interrupted = false
	m.HighWaterMarks = map[string]int64{}
	m.Cells = 0
	var nodes []string
	for _, x := range in {
		xm := x.Meta
		if xm.Started.Before(m.Started) {
			m.Started = xm.Started
		}
		if xm.Finished.IsZero() || !m.Finished.IsZero() && xm.Finished.After(m.Finished) {
			m.Finished = xm.Finished
		}
		m.Interrupted = m.Interrupted || xm.Interrupted
		m.Status = results.WorseStatus(m.Status, xm.Status)
		for k, v := range xm.HighWaterMarks {
			m.HighWaterMarks[k] = v
		}
		switch {
		case xm.Shard != nil:
			m.Cells = max(m.Cells, xm.Shard.PlanCells)
		default:
			m.Cells = max(m.Cells, xm.Cells)
		}
		if xm.Node != "" && !slices.Contains(nodes, xm.Node) {
			nodes = append(nodes, xm.Node)
		}
		m.Shards = append(m.Shards, results.ShardRun{
			Path: x.Path, Shard: xm.Shard, Cells: len(x.Records),
			Engine: xm.Engine, Node: xm.Node, Env: xm.Env,
			Started: xm.Started, Finished: xm.Finished, Interrupted: xm.Interrupted,
		})
	}
	m.Node = strings.Join(nodes, "; ")
	return &m
}

// missing returns the plan's cells that no record has: named when an
// input lists the plan's points, else only counted.
func missing(in []Input, m *results.Meta, recs []results.Record) ([]string, int) {
	var points []string
	for _, x := range in {
		if s := x.Meta.Shard; s != nil && len(s.Points) > 0 {
			points = s.Points
			break
		}
	}
	if len(points) == 0 || m.Repeat < 1 {
		return nil, max(0, m.Cells-len(recs))
	}
	have := map[results.Key]bool{}
	for _, r := range recs {
		have[r.Key()] = true
	}
	var out []string
	for _, p := range points {
		for rep := range m.Repeat {
			if !have[results.Key{Scenario: m.Scenario, Cell: p, Repeat: rep}] {
				out = append(out, fmt.Sprintf("%s#%d", p, rep))
			}
		}
	}
	return out, len(out)
}

// absentShards says which shards of the plan no input is, if the inputs
// are shards.
func absentShards(in []Input) string {
	count := 0
	have := map[int]bool{}
	for _, x := range in {
		if s := x.Meta.Shard; s != nil {
			count = s.Count
			have[s.Index] = true
		}
	}
	if count == 0 {
		return ""
	}
	var absent []string
	for i := range count {
		if !have[i] {
			absent = append(absent, fmt.Sprintf("%d/%d", i, count))
		}
	}
	switch len(absent) {
	case 0:
		return "no shard is absent: some shards did not finish (interrupted, or failed)"
	case 1:
		return "shard " + absent[0] + " is not among the inputs"
	}
	return "shards " + list(absent) + " are not among the inputs"
}

// list joins the first few items, saying how many more there are.
func list(items []string) string {
	s := strings.Join(items[:min(len(items), showCells)], ", ")
	if len(items) > showCells {
		s += fmt.Sprintf(" and %d more", len(items)-showCells)
	}
	return s
}

// short shortens a hash for messages.
func short(h string) string {
	if len(h) > 12 {
		return h[:12]
	}
	return h
}

// nodePath is the path in an engine's description: "node v22.1.0
// (/opt/node/bin/node)". Machines install Node in different places; the
// version is what must agree.
var nodePath = regexp.MustCompile(` \([^)]*\)`)

// engineID returns the engine description without paths.
func engineID(desc string) string { return nodePath.ReplaceAllString(desc, "") }
