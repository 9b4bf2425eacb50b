package compare

import (
	"fmt"
	"slices"
	"strings"
)

// Split divides one side along a swept parameter: the records whose
// parameter key (hwm) or path (highWaterMark) has value a become side A,
// those with value b side B, and every cell is renamed without that
// parameter, so that hwm=node20/chunk=4KiB in A meets hwm=node22/chunk=4KiB
// in B as chunk=4KiB. Records with other values are left out.
func Split(s *Side, key, a, b string) (*Side, *Side, error) {
	sa := &Side{Name: fmt.Sprintf("%s [%s=%s]", s.Name, key, a), Files: s.Files, Warnings: s.Warnings}
	sb := &Side{Name: fmt.Sprintf("%s [%s=%s]", s.Name, key, b), Files: s.Files}
	var seen []string
	for _, r := range s.Records {
		v, ok := r.Param(key)
		if !ok {
			return nil, nil, fmt.Errorf("%s/%s: no parameter %q to split on", r.Scenario, r.Cell, key)
		}
		if !slices.Contains(seen, v) {
			seen = append(seen, v)
		}
		r.Params = r.Params.Without(key)
		r.Cell = r.Params.Name()
		switch v {
		case a:
			sa.Records = append(sa.Records, r)
		case b:
			sb.Records = append(sb.Records, r)
		}
	}
	if len(sa.Records) == 0 || len(sb.Records) == 0 {
		return nil, nil, fmt.Errorf("split on %s: want values %s and %s; the results have %s", key, a, b, strings.Join(seen, ", "))
	}
	return sa, sb, nil
}

// ParseSplit parses a --split value, KEY=A,B (hwm=node20,node22).
func ParseSplit(s string) (key, a, b string, err error) {
	key, vals, ok := strings.Cut(s, "=")
	a, b, ok2 := strings.Cut(vals, ",")
	if !ok || !ok2 || key == "" || a == "" || b == "" || strings.Contains(b, ",") {
		return "", "", "", fmt.Errorf("--split %q: want KEY=A,B (hwm=node20,node22)", s)
	}
	return key, a, b, nil
}
