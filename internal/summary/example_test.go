package summary_test

import (
	"fmt"

	"github.com/bpbench/bpbench/internal/summary"
)

func ExampleOf() {
	s := summary.Of([]float64{1, 2, 3, 4, 5})
	fmt.Printf("n=%d mean=%g median=%g sd=%.4f ci95=[%.4f, %.4f]\n", s.N, s.Mean, s.Median, s.Stddev, s.CI95Lo, s.CI95Hi)
	// Output: n=5 mean=3 median=3 sd=1.5811 ci95=[1.0368, 4.9632]
}
