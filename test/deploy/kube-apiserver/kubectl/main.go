// Command kubectl is the upstream kubectl of Kubernetes v1.37.2 (k8s.io/kubernetes/cmd/kubectl/kubectl.go, Apache
// License 2.0, The Kubernetes Authors), built in this module so that it shares the API server's dependencies and
// build cache: the deploy tests run the generated `make k8s-apply` with it against that API server.
package main

import (
	"os"

	_ "k8s.io/client-go/plugin/pkg/client/auth" // as upstream: the client auth plugins
	"k8s.io/component-base/cli"
	"k8s.io/component-base/logs"
	"k8s.io/kubectl/pkg/cmd"
	"k8s.io/kubectl/pkg/cmd/util"
)

func main() {
	logs.GlogSetter(cmd.GetLogVerbosity(os.Args)) // nolint:errcheck
	command := cmd.NewDefaultKubectlCommand()
	if err := cli.RunNoErrOutput(command); err != nil {
		util.CheckErr(err)
	}
}
