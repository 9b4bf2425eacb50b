package main

import (
	"fmt"
	"io"
	"os"
	"time"

	"github.com/schollz/progressbar/v3"
	"golang.org/x/term"

	"github.com/bpbench/bpbench/internal/results"
)

// progress shows a bar with an ETA on stderr while cells run, when stderr
// is a terminal and --quiet is not given; otherwise it shows nothing, or
// with lines a line every tenth of the cells (bpbench study, whose output
// goes to a log). Each names the last cell that finished with its repeat
// (hwm=16KiB#2): on a wall-clock run, whose cells run round by round, the
// repeat is the round. With repeatUntil the later rounds go faster (steady
// points sit them out), so the ETA is high until then.
type progress struct {
	bar *progressbar.ProgressBar
	// lines, name and start are for the lines.
	lines io.Writer
	name  string
	start time.Time
	last  int
}

func newProgress(stderr io.Writer, quiet, lines bool, name string, total int) *progress {
	f, ok := stderr.(*os.File)
	if quiet || !ok || !term.IsTerminal(int(f.Fd())) || total == 0 {
		if lines && !quiet {
			return &progress{lines: stderr, name: name, start: time.Now()}
		}
		return &progress{}
	}
	return &progress{bar: progressbar.NewOptions(total,
		progressbar.OptionSetWriter(stderr),
		progressbar.OptionSetDescription(name),
		progressbar.OptionShowCount(),
		progressbar.OptionSetPredictTime(true),
		progressbar.OptionShowElapsedTimeOnFinish(),
		progressbar.OptionThrottle(100*time.Millisecond),
		progressbar.OptionClearOnFinish(),
		progressbar.OptionFullWidth(),
	)}
}

func (p *progress) update(done, total int, rec *results.Record, took time.Duration) {
	if p.lines != nil && total > 0 && (done*10/total > p.last*10/total || done == total) {
		p.last = done
		fmt.Fprintf(p.lines, "%s: %d/%d cells in %s (%s#%d)\n", p.name, done, total, time.Since(p.start).Round(time.Second), rec.Cell, rec.Repeat)
	}
	if p.bar == nil {
		return
	}
	p.bar.Describe(fmt.Sprintf("%s %s#%d", rec.Scenario, rec.Cell, rec.Repeat))
	p.bar.Set(done)
}

func (p *progress) finish() {
	if p.bar != nil {
		p.bar.Finish()
	}
}
