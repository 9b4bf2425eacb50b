package metrics

import (
	"encoding/binary"
	"math/big"
	"testing"
	"time"
)

// reference computes buffered.peak/mean the slow, obvious way: replay the
// changes, settle each instant to its last value, and integrate with big
// integers.
func reference(stages int, changes []change, end time.Duration) (peak []int64, area []*big.Int, totalPeak int64, totalArea *big.Int) {
	cur := make([]int64, stages)
	peak = make([]int64, stages)
	area = make([]*big.Int, stages)
	for i := range area {
		area[i] = new(big.Int)
	}
	totalArea = new(big.Int)
	var now time.Duration
	settle := func(next time.Duration) { // the values at now hold until next
		var tot int64
		for i, v := range cur {
			peak[i] = max(peak[i], v)
			area[i].Add(area[i], new(big.Int).Mul(big.NewInt(v), big.NewInt(int64(next-now))))
			tot += v
		}
		totalPeak = max(totalPeak, tot)
		totalArea.Add(totalArea, new(big.Int).Mul(big.NewInt(tot), big.NewInt(int64(next-now))))
	}
	for _, c := range changes {
		if c.t > now {
			settle(c.t)
			now = c.t
		}
		cur[c.stage] = c.bytes
	}
	settle(end)
	return
}

type change struct {
	t     time.Duration
	stage int
	bytes int64
}

// decode turns fuzz bytes into changes in non-decreasing time, many at the
// same instant.
func decode(data []byte, stages int) []change {
	var out []change
	var t time.Duration
	for len(data) >= 4 {
		step := time.Duration(data[0] % 4) // 0: same instant
		if data[0]&0x80 != 0 {
			step *= time.Hour // large areas
		}
		t += step
		out = append(out, change{t, int(data[1]) % stages, int64(binary.LittleEndian.Uint16(data[2:4])) << (data[0] >> 4 & 7 * 4)})
		data = data[4:]
	}
	return out
}

func FuzzRecorderMatchesReference(f *testing.F) {
	f.Add([]byte{1, 0, 100, 0, 2, 1, 50, 0, 0, 0, 0, 0})
	f.Add([]byte{0x81, 0, 255, 255, 0xf1, 1, 255, 255, 0, 1, 0, 0, 3, 2, 9, 9})
	f.Add([]byte{0, 0, 1, 0, 0, 1, 1, 0, 0, 0, 0, 0, 0, 2, 7, 0})
	f.Fuzz(func(t *testing.T, data []byte) {
		const stages = 3
		changes := decode(data, stages)
		end := time.Duration(5)
		if n := len(changes); n > 0 {
			end += changes[n-1].t
		}
		r := New(Config{Stages: []string{"a", "b", "c"}, TimelinePoints: 8})
		for _, c := range changes {
			r.SetBuffered(c.t, c.stage, c.bytes)
		}
		res := r.Finish(end)
		peak, area, totalPeak, totalArea := reference(stages, changes, end)
		m := res.Metrics.Map()
		mean := func(a *big.Int) float64 {
			q, _ := new(big.Rat).SetFrac(a, big.NewInt(int64(end))).Float64()
			return q
		}
		near := func(got, want float64) bool { return got == want || (got-want)/want < 1e-12 && (want-got)/want < 1e-12 }
		for i, name := range []string{"a", "b", "c"} {
			if got := m["buffered.peak."+name]; got != float64(peak[i]) {
				t.Errorf("buffered.peak.%s = %v; want %d", name, got, peak[i])
			}
			if got, want := m["buffered.mean."+name], mean(area[i]); !near(got, want) {
				t.Errorf("buffered.mean.%s = %v; want %v", name, got, want)
			}
		}
		if got := m[BufferedPeak]; got != float64(totalPeak) {
			t.Errorf("buffered.peak = %v; want %d", got, totalPeak)
		}
		if got, want := m[BufferedMean], mean(totalArea); !near(got, want) {
			t.Errorf("buffered.mean = %v; want %v", got, want)
		}
		var tlPeak int64
		for _, p := range res.Timeline {
			tlPeak = max(tlPeak, p.Bytes)
		}
		if len(res.Timeline) > 8 || tlPeak != totalPeak {
			t.Errorf("timeline %v: %d points, peak %d; want <= 8 points and peak %d", res.Timeline, len(res.Timeline), tlPeak, totalPeak)
		}
	})
}
