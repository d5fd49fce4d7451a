// Command kube-check reads Kubernetes objects (the multi-document YAML that `kustomize build` prints) on stdin and
// prints, as JSON, what the Kubernetes libraries of v1.37 say about each: whether it decodes STRICTLY into its
// k8s.io/api type (no unknown or duplicate field, a known kind), and for every pod spec (a Pod, or the pod template
// of a Deployment, StatefulSet, DaemonSet, Job or CronJob) whether it passes the Pod Security Standards, evaluated
// by k8s.io/pod-security-admission (the code of the API server's PodSecurity admission) at restricted:latest and
// baseline:latest. It judges nothing itself: the deploy tests read the report.
package main

import (
	"bufio"
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"os"

	appsv1 "k8s.io/api/apps/v1"
	autoscalingv2 "k8s.io/api/autoscaling/v2"
	batchv1 "k8s.io/api/batch/v1"
	corev1 "k8s.io/api/core/v1"
	networkingv1 "k8s.io/api/networking/v1"
	policyv1 "k8s.io/api/policy/v1"
	rbacv1 "k8s.io/api/rbac/v1"
	metav1 "k8s.io/apimachinery/pkg/apis/meta/v1"
	"k8s.io/apimachinery/pkg/runtime"
	"k8s.io/apimachinery/pkg/runtime/serializer"
	utilyaml "k8s.io/apimachinery/pkg/util/yaml"
	"k8s.io/pod-security-admission/api"
	"k8s.io/pod-security-admission/policy"
	"sigs.k8s.io/yaml"
)

// Object is one document of the input.
type Object struct {
	APIVersion string `json:"apiVersion"`
	Kind       string `json:"kind"`
	Name       string `json:"name"`
	Namespace  string `json:"namespace,omitempty"`
	// StrictError is the strict decoder's error; empty when the object decodes into its type with nothing left over.
	StrictError string `json:"strictError,omitempty"`
	// PodSecurity holds the verdict per level ("restricted", "baseline") for an object that holds a pod spec.
	PodSecurity map[string]Verdict `json:"podSecurity,omitempty"`
}

// Verdict is pod-security-admission's aggregated result at one level, version latest.
type Verdict struct {
	Allowed bool `json:"allowed"`
	// Forbidden is ForbiddenReason: ForbiddenDetail, as the API server prints it in its 403 or warning.
	Forbidden string `json:"forbidden,omitempty"`
}

func newScheme() *runtime.Scheme {
	scheme := runtime.NewScheme()
	for _, add := range []func(*runtime.Scheme) error{
		corev1.AddToScheme, appsv1.AddToScheme, batchv1.AddToScheme, policyv1.AddToScheme,
		networkingv1.AddToScheme, autoscalingv2.AddToScheme, rbacv1.AddToScheme,
	} {
		if err := add(scheme); err != nil {
			panic(err)
		}
	}
	return scheme
}

func main() {
	objects, err := check(os.Stdin)
	if err != nil {
		fmt.Fprintln(os.Stderr, "kube-check:", err)
		os.Exit(1)
	}
	encoder := json.NewEncoder(os.Stdout)
	encoder.SetIndent("", "  ")
	if err := encoder.Encode(objects); err != nil {
		fmt.Fprintln(os.Stderr, "kube-check:", err)
		os.Exit(1)
	}
}

func check(input io.Reader) ([]Object, error) {
	decoder := serializer.NewCodecFactory(newScheme(), serializer.EnableStrict).UniversalDeserializer()
	evaluator, err := policy.NewEvaluator(policy.DefaultChecks(), nil)
	if err != nil {
		return nil, err
	}
	reader := utilyaml.NewYAMLReader(bufio.NewReader(input))
	objects := []Object{}
	for {
		document, err := reader.Read()
		if errors.Is(err, io.EOF) {
			return objects, nil
		}
		if err != nil {
			return nil, err
		}
		if len(bytes.TrimSpace(document)) == 0 {
			continue
		}
		objects = append(objects, checkOne(document, decoder, evaluator))
	}
}

func checkOne(document []byte, decoder runtime.Decoder, evaluator policy.Evaluator) Object {
	var header struct {
		APIVersion string            `json:"apiVersion"`
		Kind       string            `json:"kind"`
		Metadata   metav1.ObjectMeta `json:"metadata"`
	}
	object := Object{}
	if err := yaml.Unmarshal(document, &header); err != nil {
		object.StrictError = err.Error()
		return object
	}
	object.APIVersion, object.Kind = header.APIVersion, header.Kind
	object.Name, object.Namespace = header.Metadata.Name, header.Metadata.Namespace
	// YAMLToJSONStrict refuses duplicate keys, which the JSON decoder would not see.
	data, err := yaml.YAMLToJSONStrict(document)
	if err != nil {
		object.StrictError = err.Error()
		return object
	}
	decoded, _, err := decoder.Decode(data, nil, nil)
	if err != nil {
		object.StrictError = err.Error()
		return object
	}
	if meta, spec := podSpecOf(decoded); spec != nil {
		object.PodSecurity = map[string]Verdict{}
		for _, level := range []api.Level{api.LevelRestricted, api.LevelBaseline} {
			results := evaluator.EvaluatePod(api.LevelVersion{Level: level, Version: api.LatestVersion()}, meta, spec)
			aggregate := policy.AggregateCheckResults(results)
			verdict := Verdict{Allowed: aggregate.Allowed}
			if !aggregate.Allowed {
				verdict.Forbidden = aggregate.ForbiddenReason() + ": " + aggregate.ForbiddenDetail()
			}
			object.PodSecurity[string(level)] = verdict
		}
	}
	return object
}

// podSpecOf returns the pod metadata and spec an object runs, as the PodSecurity admission plugin finds them.
func podSpecOf(object runtime.Object) (*metav1.ObjectMeta, *corev1.PodSpec) {
	switch typed := object.(type) {
	case *corev1.Pod:
		return &typed.ObjectMeta, &typed.Spec
	case *appsv1.Deployment:
		return &typed.Spec.Template.ObjectMeta, &typed.Spec.Template.Spec
	case *appsv1.StatefulSet:
		return &typed.Spec.Template.ObjectMeta, &typed.Spec.Template.Spec
	case *appsv1.DaemonSet:
		return &typed.Spec.Template.ObjectMeta, &typed.Spec.Template.Spec
	case *batchv1.Job:
		return &typed.Spec.Template.ObjectMeta, &typed.Spec.Template.Spec
	case *batchv1.CronJob:
		return &typed.Spec.JobTemplate.Spec.Template.ObjectMeta, &typed.Spec.JobTemplate.Spec.Template.Spec
	}
	return nil, nil
}
