package stream

// Profile is the set of Node.js defaults and version-specific rules a loop's
// streams follow. Use one of the named profiles.
type Profile struct {
	// Name is the profile's name as scenarios spell it ("node20", ...).
	Name string
	// Bytes is the default highWaterMark of a byte-mode stream.
	Bytes int
	// Objects is the default highWaterMark of an object-mode stream.
	Objects int
	// Version is the Node.js major version whose rules apply (20 or 22).
	Version int
}

// The profiles, checked against real Node (see the conformance tests).
var (
	// Node20 is Node.js 18 to 21: 16 KiB bytes, 16 objects.
	Node20 = Profile{Name: "node20", Bytes: 16 * 1024, Objects: 16, Version: 20}
	// Node22 is Node.js 22 and later on non-Windows: 64 KiB bytes, 16 objects.
	Node22 = Profile{Name: "node22", Bytes: 64 * 1024, Objects: 16, Version: 22}
	// Bun is Bun's Node compatibility (measured on 1.4.5: 64 KiB, 16
	// objects; it reports Node v26.3.0, so Node 22's rules).
	Bun = Profile{Name: "bun", Bytes: 64 * 1024, Objects: 16, Version: 22}
	// Deno is Deno's Node compatibility (measured on 2.9.6: 64 KiB, 16
	// objects; older Denos kept 16 KiB; it reports Node v26.3.0).
	Deno = Profile{Name: "deno", Bytes: 64 * 1024, Objects: 16, Version: 22}
)

// FSReadStreamHighWaterMark is fs.createReadStream's default highWaterMark in
// every Node version (18 to 24), whatever the generic default.
const FSReadStreamHighWaterMark = 64 * 1024

// ProfileNames are the names ProfileByName knows, the one list scenarios,
// their schema and their suggestions use: node20 (Node.js 18 to 21),
// node22, node24 (checked to behave as 22), bun and deno (their Node
// compatibility, measured) and default (node22).
var ProfileNames = []string{"node20", "node22", "node24", "bun", "deno", "default"}

// ProfileByName returns the profile called name, one of ProfileNames;
// internal/nodedefaults checks each against the real runtime.
func ProfileByName(name string) (Profile, bool) {
	switch name {
	case "bun":
		return Bun, true
	case "deno":
		return Deno, true
	case "node20":
		return Node20, true
	case "node22", "node24", "default":
		return Node22, true
	}
	return Profile{}, false
}
