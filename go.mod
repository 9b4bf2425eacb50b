module github.com/bpbench/bpbench

go 1.26
