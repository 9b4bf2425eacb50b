package main

import (
	"context"
	"flag"
	"fmt"
	"io"
	"strings"
	"text/tabwriter"

	"github.com/bpbench/bpbench/internal/engine/node"
	"github.com/bpbench/bpbench/internal/nodedefaults"
)

const defaultsUsage = `Usage: bpbench defaults [--node VERSION|bun|deno|PATH]...

Prints the default highWaterMark of each kind of stream as a real Node.js
reports it (Readable, Writable, object mode, string mode, fs.createReadStream,
net.Socket), beside what bpbench's sim profile for that Node assumes and
beside the tutorial's table of defaults, whose claims it marks true or false.

Without --node it asks every runtime it finds: Node 20, 22 and 24 as
installed by 'make nodes', Bun and Deno as installed by 'make runtimes' (in
.tools, or $BPBENCH_TOOLS; they answer through their Node compatibility),
and the node on PATH.

Examples:
  bpbench defaults
  bpbench defaults --node 22 --node /usr/bin/node
  bpbench defaults --node bun --node deno
`

// nodeList is a repeatable --node flag.
type nodeList []string

func (l *nodeList) String() string     { return strings.Join(*l, ",") }
func (l *nodeList) Set(s string) error { *l = append(*l, s); return nil }

func defaultsCmd(ctx context.Context, args []string, stdout, stderr io.Writer) error {
	fs := flag.NewFlagSet("defaults", flag.ContinueOnError)
	fs.SetOutput(stderr)
	fs.Usage = func() { fmt.Fprint(stderr, defaultsUsage) }
	var want nodeList
	fs.Var(&want, "node", "a Node major version (20, 22, 24), bun, deno, \"path\", or a binary; repeatable")
	if help, err := parseFlags(fs, args); help || err != nil {
		return err
	}
	if fs.NArg() > 0 {
		fs.Usage()
		return usageError{fmt.Errorf("defaults: unexpected argument %q", fs.Arg(0))}
	}
	var bins []node.Binary
	if len(want) == 0 {
		bins = node.FindAll()
		if len(bins) == 0 {
			return usageError{fmt.Errorf("defaults: %w", node.ErrNoNode)}
		}
	}
	for _, w := range want {
		b, err := node.Find(w)
		if err != nil {
			return usageError{fmt.Errorf("defaults: --node %s: %w", w, err)} // as run: exit 2
		}
		bins = append(bins, b)
	}
	for i, b := range bins {
		if err := ctx.Err(); err != nil {
			return err
		}
		d, err := nodedefaults.Read(ctx, b.Path)
		if err != nil {
			return fmt.Errorf("defaults: %w", err)
		}
		if i > 0 {
			fmt.Fprintln(stdout)
		}
		printDefaults(stdout, b, d)
	}
	return nil
}

func printDefaults(w io.Writer, b node.Binary, d nodedefaults.Defaults) {
	p := nodedefaults.ProfileOf(d)
	if d.Runtime == "" || strings.HasPrefix(d.Runtime, "node ") {
		fmt.Fprintf(w, "Node %s (%s), sim profile %s\n", d.Node, b.Path, p.Name)
	} else {
		fmt.Fprintf(w, "%s, Node compatibility %s (%s), sim profile %s\n", d.Runtime, d.Node, b.Path, p.Name)
	}
	tw := tabwriter.NewWriter(w, 0, 0, 2, ' ', 0)
	fmt.Fprintln(tw, "  stream\tunit\tnode\tsim\t\ttutorial")
	for _, r := range nodedefaults.Compare(d) {
		sim, simOK := "-", ""
		if r.Sim >= 0 {
			sim, simOK = fmt.Sprint(r.Sim), "ok"
			if !r.SimOK() {
				simOK = "DIFFERS"
			}
		}
		claim := "-"
		if r.Claim >= 0 {
			claim = fmt.Sprintf("%s: %v", r.ClaimText, r.ClaimTrue())
		}
		fmt.Fprintf(tw, "  %s\t%s\t%d\t%s\t%s\t%s\n", r.Stream, r.Unit, r.Node, sim, simOK, claim)
	}
	tw.Flush()
}
