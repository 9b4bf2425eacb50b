package scenario

import (
	"cmp"
	"fmt"
	"slices"
	"strings"
)

// Error is one problem in a scenario file, at a line and column (both
// counted from 1).
type Error struct {
	// File is the file name given to ParseFile, or the name given to Parse.
	File string
	// Line and Col locate the problem: the value or key at fault.
	Line, Col int
	// Msg says what is wrong, starting with the field's dotted path where
	// there is one ("producer.chunk: ...").
	Msg string
}

// Error formats e as file:line:col: message, with control characters
// escaped (\x1b) so that text from a file cannot reach a terminal raw.
func (e *Error) Error() string {
	return fmt.Sprintf("%s:%d:%d: %s", escapeControl(e.File), e.Line, e.Col, escapeControl(e.Msg))
}

// ErrorList is every error found in one scenario file, in line order.
type ErrorList []*Error

// Error joins the errors, one per line.
func (l ErrorList) Error() string {
	var b strings.Builder
	for i, e := range l {
		if i > 0 {
			b.WriteByte('\n')
		}
		b.WriteString(e.Error())
	}
	return b.String()
}

// Unwrap returns the errors, for errors.As and errors.Is.
func (l ErrorList) Unwrap() []error {
	errs := make([]error, len(l))
	for i, e := range l {
		errs[i] = e
	}
	return errs
}

// maxErrors bounds an ErrorList: past it, one last error says so.
const maxErrors = 100

// sortErrors orders l by position, keeping the order found for equal ones,
// and drops exact duplicates.
func sortErrors(l ErrorList) ErrorList {
	slices.SortStableFunc(l, func(a, b *Error) int {
		return cmp.Or(cmp.Compare(a.Line, b.Line), cmp.Compare(a.Col, b.Col))
	})
	return slices.CompactFunc(l, func(a, b *Error) bool { return *a == *b })
}
