// Package k8stest checks the files of deploy/ as a cluster would read
// them: the Kubernetes manifests decode strictly into the Kubernetes API
// types (k8s.io/api, an unknown or misspelt field is an error) and agree
// with each other, and each container's command, run on this machine with
// the variables an Indexed Job sets (JOB_COMPLETION_INDEX=0..N-1) and the
// volumes as local folders, gives merged results equal to one run's. The
// GitHub Actions matrix and the Dockerfile are checked against the
// repository too.
//
// It is a module of its own so that the Kubernetes API's dependencies stay
// out of bpbench's: run it with make test-deploy.
package k8stest
