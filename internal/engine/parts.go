package engine

import "strings"

// The real parts a calibration may model, by key (Costs.Parts).
const (
	PartGzip   = "gzip"
	PartGunzip = "gunzip"
	// PartFSShm is an fs consumer on /dev/shm (tmpfs); PartFSTmp one
	// anywhere else (the system's temporary folder is what is measured).
	PartFSShm = "fs-shm"
	PartFSTmp = "fs-tmp"
	PartNet   = "net"
	PartHTTP  = "http"
)

// PartCost is a calibrated model of a real Node component: each chunk
// costs CPU on the event loop, then a wait off it (zlib's work on the
// thread pool, the kernel's), both A + B·bytes of the chunk taken in.
type PartCost struct {
	// Wait and CPU are in ns.
	Wait, CPU Linear
	// Driver is what the node engine pays per chunk in a cell with the
	// part beyond Wait, CPU and the stream calls (measured by running it:
	// internal/calibration), in ns, charged as loop CPU with CPU.
	Driver Linear
	// Ratio is a stage's output bytes per input byte (0 for a consumer).
	Ratio float64
}

// PartKey returns the Costs.Parts key that models a stage or consumer of
// kind (fs in dir), or "" for a kind no calibration models (module, or
// the modelled "").
func PartKey(kind, dir string) string {
	switch kind {
	case PartGzip, PartGunzip, PartNet, PartHTTP:
		return kind
	case "fs":
		if d := strings.TrimSuffix(dir, "/"); d == "/dev/shm" || strings.HasPrefix(d, "/dev/shm/") {
			return PartFSShm
		}
		return PartFSTmp
	}
	return ""
}

// UnmodelledPart returns the first real part of c that costs cannot model
// (costs has no figure for it, or it is a module), as RealParts names it,
// and whether it is a module; "" when every real part has a model.
func (c *Config) UnmodelledPart(costs *Costs) (part string, module bool) {
	var parts map[string]PartCost
	if costs != nil {
		parts = costs.Parts
	}
	for _, st := range c.Stages {
		if st.Kind == "" {
			continue
		}
		if _, ok := parts[PartKey(st.Kind, "")]; !ok {
			return "stage " + st.Name + " (" + st.Kind + ")", st.Kind == "module"
		}
	}
	for _, cs := range c.Consumers {
		if cs.Kind == "" {
			continue
		}
		if _, ok := parts[PartKey(cs.Kind, cs.Dir)]; !ok {
			return "consumer " + cs.Name + " (" + cs.Kind + ")", cs.Kind == "module"
		}
	}
	return "", false
}
