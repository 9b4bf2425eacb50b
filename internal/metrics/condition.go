package metrics

// Holds reports whether v op bound holds, for the operators of threshold
// conditions: <, <=, >, >=, ==. An unknown operator never holds.
func Holds(v float64, op string, bound float64) bool {
	switch op {
	case "<":
		return v < bound
	case "<=":
		return v <= bound
	case ">":
		return v > bound
	case ">=":
		return v >= bound
	case "==":
		return v == bound
	}
	return false
}
