package node

import (
	"encoding/json"
	"fmt"
	"math"
	"slices"
	"time"

	"github.com/bpbench/bpbench/internal/metrics"
)

// line is one JSON line of the driver. Kinds: "hello" (the Node version),
// "s" (a sample: buffered bytes per stream at T, maybe the peak since the
// previous sample, and the events since then), "end" (the run is over,
// with the last intervals), "error".
type line struct {
	K      string       `json:"k"`
	T      int64        `json:"t"`
	B      []int64      `json:"b"`
	Pk     *peak        `json:"pk"`
	St     [][]int64    `json:"st"`
	Heap   *int64       `json:"heap"`
	Lat    []int64      `json:"lat"`
	Up     [][3]int64   `json:"up"` // [ready, pushed at, size] of a chunk that waited upstream
	Prod   []int64      `json:"prod"`
	Cons   []int64      `json:"cons"`
	Stall  [][2]int64   `json:"stall"`
	Busy   [][][2]int64 `json:"busy"`
	Wf     int64        `json:"wf"`
	Dr     int64        `json:"dr"`
	Pa     int64        `json:"pa"`
	Reason string       `json:"reason"`
	Node   string       `json:"node"`
	Rt     string       `json:"runtime"`
	DefHWM int          `json:"defHwm"`
	DefObj int          `json:"defObj"`
	Late   int64        `json:"late"`
	Nm     *nodeMetrics `json:"nm"`
	Msg    string       `json:"msg"`
}

// nodeMetrics are the end line's measurements of the Node process (times
// in nanoseconds, memory in bytes).
type nodeMetrics struct {
	ELP50     *float64 `json:"elp50"` // nil: the runtime cannot measure it
	ELP99     *float64 `json:"elp99"`
	ELMax     *float64 `json:"elmax"`
	CPUUser   float64  `json:"cpuUser"`
	CPUSys    float64  `json:"cpuSys"`
	GCCount   *float64 `json:"gcCount"` // nil: the runtime cannot observe GCs
	GCPauseNs *float64 `json:"gcPauseNs"`
	Heap      float64  `json:"heap"`
	Ext       float64  `json:"ext"`
	AB        float64  `json:"ab"`
	RSS       float64  `json:"rss"`
	// Pipes is how many pipelines ran; RSS0 and Heap0 the process's
	// memory before they were built (absent from older drivers: 0).
	Pipes float64 `json:"pipes"`
	RSS0  float64 `json:"rss0"`
	Heap0 float64 `json:"heap0"`
}

// append adds the process metrics to m, in catalog order. heap.peak is the
// Recorder's (from the samples); cpu.per.chunk divides by the chunks
// produced.
func (n *nodeMetrics) append(m metrics.Metrics) metrics.Metrics {
	chunks, _ := m.Get(metrics.ChunksProduced)
	add := func(name string, v float64) {
		if math.IsNaN(v) || math.IsInf(v, 0) || v < 0 {
			return
		}
		m = append(m, metrics.Metric{Name: name, Value: v})
	}
	opt := func(name string, v *float64, scale float64) {
		if v != nil {
			add(name, *v/scale)
		}
	}
	opt(metrics.EventLoopP50, n.ELP50, 1e9)
	opt(metrics.EventLoopP99, n.ELP99, 1e9)
	opt(metrics.EventLoopMax, n.ELMax, 1e9)
	add(metrics.CPUUser, n.CPUUser/1e9)
	add(metrics.CPUSystem, n.CPUSys/1e9)
	if chunks > 0 {
		add(metrics.CPUPerChunk, (n.CPUUser+n.CPUSys)/1e9/chunks)
	}
	opt(metrics.GCCount, n.GCCount, 1)
	opt(metrics.GCPause, n.GCPauseNs, 1e9)
	add(metrics.ExternalPeak, n.Ext)
	add(metrics.ArrayBuffersPeak, n.AB)
	add(metrics.RSSPeak, n.RSS)
	if n.Pipes >= 1 && n.RSS0 > 0 {
		// A peak below the baseline (a collection took the warm-up's
		// garbage, and the pipelines cost less than it) is 0: the cost is
		// under the noise.
		add(metrics.RSSPerPipeline, max(0, n.RSS-n.RSS0)/n.Pipes)
		add(metrics.HeapPerPipeline, max(0, n.Heap-n.Heap0)/n.Pipes)
	}
	slices.SortStableFunc(m, func(a, b metrics.Metric) int { return metrics.Compare(a.Name, b.Name) })
	return metrics.PerPipeline(m, int(n.Pipes))
}

type peak struct {
	T int64   `json:"t"`
	B []int64 `json:"b"`
}

// maxPerLine bounds the counts of one line: a driver that sends more is
// broken, and the Recorder takes counts one by one.
const maxPerLine = 1 << 26

// maxLate is the largest timer lateness that Run does not warn about.
const maxLate = 250 * time.Millisecond

// decoder applies the driver's lines to a Recorder.
type decoder struct {
	rec     *metrics.Recorder
	streams int // producer + stages + consumers
	cons    int
	last    time.Duration // the latest sample time
	node    string        // from hello: process.version
	runtime string        // from hello: "bun 1.4.5"
	defHWM  int           // from hello: the runtime's own default highWaterMarks
	defObj  int
	wall    bool  // wall timing
	end     *line // the end line, once seen
}

func (d *decoder) apply(raw []byte) error {
	var l line
	if err := json.Unmarshal(raw, &l); err != nil {
		return fmt.Errorf("node: bad line from driver: %w", err)
	}
	switch l.K {
	case "hello":
		d.node, d.runtime, d.defHWM, d.defObj = l.Node, l.Rt, l.DefHWM, l.DefObj
		return nil
	case "error":
		return fmt.Errorf("node: driver failed: %s", l.Msg)
	case "s", "end":
	default:
		return fmt.Errorf("node: unknown line kind %q from driver", l.K)
	}
	if err := d.counts(&l); err != nil {
		return err
	}
	r := d.rec
	if l.Pk != nil {
		if err := d.buffered(l.Pk.T, l.Pk.B); err != nil {
			return err
		}
	}
	for _, st := range l.St {
		if len(st) == 0 {
			return fmt.Errorf("node: driver sent an empty step")
		}
		if err := d.buffered(st[0], st[1:]); err != nil {
			return err
		}
	}
	if l.B != nil {
		if err := d.buffered(l.T, l.B); err != nil {
			return err
		}
	}
	if l.Heap != nil {
		r.HeapSample(*l.Heap)
	}
	for _, x := range l.Lat {
		r.Latency(time.Duration(x))
	}
	for _, u := range l.Up {
		r.Waited(time.Duration(u[0]), time.Duration(u[1]), u[2])
	}
	if len(l.Prod) == 2 {
		r.Produced(l.Prod[1])
		for range l.Prod[0] - 1 {
			r.Produced(0)
		}
	}
	if len(l.Cons) == 2 {
		r.Consumed(l.Cons[1])
		for range l.Cons[0] - 1 {
			r.Consumed(0)
		}
	}
	for _, s := range l.Stall {
		r.ProducerStalled(time.Duration(s[0]), time.Duration(s[1]))
	}
	for c, iv := range l.Busy {
		for _, b := range iv {
			r.ConsumerBusy(time.Duration(b[0]), c)
			r.ConsumerIdle(time.Duration(b[1]), c)
		}
	}
	for range l.Wf {
		r.WriteFalse()
	}
	for range l.Dr {
		r.Drain()
	}
	for range l.Pa {
		r.Pause()
	}
	if l.K == "end" {
		d.end = &l
	}
	return nil
}

// counts refuses lines whose counts or shapes a Recorder cannot take.
func (d *decoder) counts(l *line) error {
	bad := func(what string) error { return fmt.Errorf("node: driver sent a bad %s", what) }
	if (l.Prod != nil && (len(l.Prod) != 2 || l.Prod[0] < 1 || l.Prod[0] > maxPerLine)) ||
		(l.Cons != nil && (len(l.Cons) != 2 || l.Cons[0] < 1 || l.Cons[0] > maxPerLine)) {
		return bad("chunk count")
	}
	if l.Wf < 0 || l.Wf > maxPerLine || l.Dr < 0 || l.Dr > maxPerLine || l.Pa < 0 || l.Pa > maxPerLine {
		return bad("event count")
	}
	if len(l.Up) > maxPerLine {
		return bad("upstream list")
	}
	for _, u := range l.Up {
		if u[0] < 0 || u[1] < u[0] || u[2] < 0 {
			return bad("upstream chunk")
		}
	}
	if l.Busy != nil && len(l.Busy) != d.cons {
		return bad("busy list")
	}
	return nil
}

func (d *decoder) buffered(t int64, b []int64) error {
	if len(b) != d.streams {
		return fmt.Errorf("node: driver sent %d buffered sizes for %d streams", len(b), d.streams)
	}
	at := max(time.Duration(t), d.last)
	d.last = at
	for i, x := range b {
		d.rec.SetBuffered(at, i, x)
	}
	return nil
}

// finish closes the Recorder at the run's end: the driver's end time (the
// stop duration when time ran out), or the last sample when it never said.
func (d *decoder) finish() metrics.Result {
	end := d.last
	if d.end != nil {
		end = max(end, time.Duration(d.end.T))
		if d.end.Reason == "guard" {
			d.rec.GuardExceeded()
		}
		if late := time.Duration(d.end.Late); late > maxLate {
			if d.wall {
				d.rec.Warn("node: Node met a deadline up to %v late (a busy machine, or more work than Node can do on time): the figures include it", late.Round(time.Millisecond))
			} else {
				d.rec.Warn("node: Node fell up to %v behind the cell's clock (a busy machine, or a cell faster than Node): times are the model's, heap samples are late", late.Round(time.Millisecond))
			}
		}
	}
	res := d.rec.Finish(end)
	if d.end != nil && d.end.Nm != nil && len(res.Metrics) > 0 {
		res.Metrics = d.end.Nm.append(res.Metrics)
	}
	return res
}
