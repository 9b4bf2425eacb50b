package stream

import "errors"

// Error is a stream error with a Node.js error code, such as
// "ERR_STREAM_WRITE_AFTER_END". Errors given to Destroy or to a write
// callback may be any error; Code reports their code where they have one.
type Error struct {
	// Code is Node's err.code.
	Code string
	// Msg is an optional detail.
	Msg string
}

func (e *Error) Error() string {
	if e.Msg != "" {
		return "stream: " + e.Code + ": " + e.Msg
	}
	return "stream: " + e.Code
}

// Is makes errors.Is match two *Error values by code.
func (e *Error) Is(target error) bool {
	t, ok := target.(*Error)
	return ok && t.Code == e.Code
}

// Sentinel errors, matched with errors.Is.
var (
	ErrWriteAfterEnd    = &Error{Code: "ERR_STREAM_WRITE_AFTER_END"}
	ErrDestroyed        = &Error{Code: "ERR_STREAM_DESTROYED"}
	ErrPushAfterEOF     = &Error{Code: "ERR_STREAM_PUSH_AFTER_EOF"}
	ErrUnshiftAfterEnd  = &Error{Code: "ERR_STREAM_UNSHIFT_AFTER_END_EVENT"}
	ErrPrematureClose   = &Error{Code: "ERR_STREAM_PREMATURE_CLOSE"}
	ErrMultipleCallback = &Error{Code: "ERR_MULTIPLE_CALLBACK"}
	ErrAlreadyFinished  = &Error{Code: "ERR_STREAM_ALREADY_FINISHED"}
	ErrCannotPipe       = &Error{Code: "ERR_STREAM_CANNOT_PIPE"}
	ErrNullValues       = &Error{Code: "ERR_STREAM_NULL_VALUES"}
	ErrOutOfRange       = &Error{Code: "ERR_OUT_OF_RANGE"}
	ErrInvalidArgValue  = &Error{Code: "ERR_INVALID_ARG_VALUE"}
	ErrUnknownEncoding  = &Error{Code: "ERR_UNKNOWN_ENCODING"}
	ErrNotImplemented   = &Error{Code: "ERR_METHOD_NOT_IMPLEMENTED"}
	ErrMissingArgs      = &Error{Code: "ERR_MISSING_ARGS"}
	ErrAbort            = &Error{Code: "ABORT_ERR"}
)

// Code returns err's Node error code: the Code of an *Error in its chain,
// otherwise its message.
func Code(err error) string {
	var e *Error
	if errors.As(err, &e) {
		return e.Code
	}
	if err == nil {
		return ""
	}
	return err.Error()
}

func newErr(sentinel *Error, msg string) *Error { return &Error{Code: sentinel.Code, Msg: msg} }
