package compare

import (
	"testing"

	"github.com/bpbench/bpbench/internal/metrics"
	"github.com/bpbench/bpbench/internal/results"
)

// side builds a Side of one scenario and cell with one record per value of
// the named metric.
func side(name, scenario, cell, metric string, vals ...float64) *Side {
	s := &Side{Name: name}
	addRecords(s, scenario, cell, metric, vals...)
	return s
}

func addRecords(s *Side, scenario, cell, metric string, vals ...float64) {
	for i, v := range vals {
		s.Records = append(s.Records, results.Record{
			Scenario: scenario, Cell: cell, Repeat: i, Engine: "sim",
			Result: metrics.Result{Metrics: metrics.Metrics{{Name: metric, Value: v}}},
		})
	}
}

// onlyRow returns the single row of the report's single table.
func onlyRow(t *testing.T, r *Report) Row {
	t.Helper()
	if len(r.Tables) != 1 || len(r.Tables[0].Rows) != 1 {
		t.Fatalf("report has %d tables; want 1 table of 1 row: %+v", len(r.Tables), r.Tables)
	}
	return r.Tables[0].Rows[0]
}
