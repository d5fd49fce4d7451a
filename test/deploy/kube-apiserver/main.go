// Command kube-apiserver-etcd runs a real kube-apiserver, the one of Kubernetes v1.37.2 built from its Go modules,
// against an etcd embedded in the same process, so that the deploy tests can hand the generated manifests to the
// API server itself (server-side dry-run, admission with Pod Security) on a machine where no cluster, no kind node
// image and no container registry can be had.
//
// It is the upstream kube-apiserver command (k8s.io/kubernetes/cmd/kube-apiserver/app), unchanged: only the flags
// a single-machine, loopback-only server needs are added (see apiserverFlags). No controller-manager runs, so
// nothing creates a namespace's "default" ServiceAccount or turns a Deployment into pods: the tests create what
// they need.
//
// Usage: kube-apiserver-etcd -dir DIR -port PORT -etcd-port PORT -etcd-peer-port PORT -token TOKEN
// Ready when https://127.0.0.1:PORT/readyz answers 200 (certificate: DIR/certs/apiserver.crt); TOKEN is a
// system:masters bearer token.
package main

import (
	"crypto/rand"
	"crypto/rsa"
	"crypto/x509"
	"encoding/pem"
	"errors"
	"flag"
	"fmt"
	"io/fs"
	"net/url"
	"os"
	"path/filepath"
	"strconv"
	"time"
	_ "time/tzdata" // as the upstream command: CronJob time zones

	"go.etcd.io/etcd/server/v3/embed"
	"k8s.io/component-base/cli"
	_ "k8s.io/component-base/logs/json/register"
	"k8s.io/kubernetes/cmd/kube-apiserver/app"
)

func main() {
	dir := flag.String("dir", "", "state directory: etcd data, certificates, keys, token file (created if missing)")
	port := flag.Int("port", 0, "HTTPS port of the API server on 127.0.0.1")
	etcdPort := flag.Int("etcd-port", 0, "client port of the embedded etcd on 127.0.0.1")
	etcdPeerPort := flag.Int("etcd-peer-port", 0, "peer port of the embedded etcd on 127.0.0.1")
	token := flag.String("token", "", "bearer token of a system:masters user")
	flag.Parse()
	if *dir == "" || *port == 0 || *etcdPort == 0 || *etcdPeerPort == 0 || *token == "" {
		flag.Usage()
		os.Exit(2)
	}
	if err := prepare(*dir, *token); err != nil {
		fmt.Fprintln(os.Stderr, "kube-apiserver-etcd:", err)
		os.Exit(1)
	}
	etcd, err := startEtcd(filepath.Join(*dir, "etcd"), *etcdPort, *etcdPeerPort)
	if err != nil {
		fmt.Fprintln(os.Stderr, "kube-apiserver-etcd: embedded etcd:", err)
		os.Exit(1)
	}
	defer etcd.Close()

	command := app.NewAPIServerCommand()
	command.SetArgs(apiserverFlags(*dir, *port, *etcdPort))
	code := cli.Run(command)
	etcd.Close()
	os.Exit(code)
}

// apiserverFlags are the flags of a loopback-only API server with RBAC, the default admission plugins (PodSecurity
// among them) and a token for the tests.
func apiserverFlags(dir string, port, etcdPort int) []string {
	serviceAccountKey := filepath.Join(dir, "service-account.key")
	return []string{
		"--etcd-servers=http://127.0.0.1:" + strconv.Itoa(etcdPort),
		"--bind-address=127.0.0.1",
		"--advertise-address=127.0.0.1",
		"--secure-port=" + strconv.Itoa(port),
		// A self-signed serving certificate for 127.0.0.1 and localhost, generated here at the first start.
		"--cert-dir=" + filepath.Join(dir, "certs"),
		"--token-auth-file=" + filepath.Join(dir, "tokens.csv"),
		"--authorization-mode=Node,RBAC",
		"--service-account-issuer=https://kubernetes.default.svc.cluster.local",
		"--service-account-key-file=" + serviceAccountKey,
		"--service-account-signing-key-file=" + serviceAccountKey,
		"--service-cluster-ip-range=10.96.0.0/16",
		// The endpoint reconciler refuses a loopback advertise address; there is no other.
		"--endpoint-reconciler-type=none",
		"--profiling=false",
	}
}

// prepare writes the token file and, once, the service-account signing key.
func prepare(dir, token string) error {
	if err := os.MkdirAll(filepath.Join(dir, "certs"), 0o700); err != nil {
		return err
	}
	tokens := fmt.Sprintf("%s,deploy-tests,deploy-tests,\"system:masters\"\n", token)
	if err := os.WriteFile(filepath.Join(dir, "tokens.csv"), []byte(tokens), 0o600); err != nil {
		return err
	}
	keyFile := filepath.Join(dir, "service-account.key")
	if _, err := os.Stat(keyFile); err == nil {
		return nil
	} else if !errors.Is(err, fs.ErrNotExist) {
		return err
	}
	key, err := rsa.GenerateKey(rand.Reader, 2048)
	if err != nil {
		return err
	}
	block := &pem.Block{Type: "RSA PRIVATE KEY", Bytes: x509.MarshalPKCS1PrivateKey(key)}
	return os.WriteFile(keyFile, pem.EncodeToMemory(block), 0o600)
}

func startEtcd(dataDir string, clientPort, peerPort int) (*embed.Etcd, error) {
	local := func(port int) url.URL { return url.URL{Scheme: "http", Host: "127.0.0.1:" + strconv.Itoa(port)} }
	config := embed.NewConfig()
	config.Dir = dataDir
	config.LogLevel = "error"
	config.ListenClientUrls = []url.URL{local(clientPort)}
	config.AdvertiseClientUrls = config.ListenClientUrls
	config.ListenPeerUrls = []url.URL{local(peerPort)}
	config.AdvertisePeerUrls = config.ListenPeerUrls
	config.InitialCluster = config.InitialClusterFromName(config.Name)
	etcd, err := embed.StartEtcd(config)
	if err != nil {
		return nil, err
	}
	select {
	case <-etcd.Server.ReadyNotify():
		return etcd, nil
	case err := <-etcd.Err():
		etcd.Close()
		return nil, err
	case <-time.After(60 * time.Second):
		etcd.Close()
		return nil, errors.New("not ready within 60 s")
	}
}
