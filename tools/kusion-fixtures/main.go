// Writes the state KusionStack Kusion keeps in an object-storage backend (S3, OSS, GCS) or under
// $KUSION_HOME, byte for byte as Kusion writes it: the same Go structs with the same yaml tags,
// marshalled by the same gopkg.in/yaml.v3 (v3.0.1, Kusion's go.mod), through the same sequence of
// storage calls (a workspace storage initialises `default`, a release is created then updated
// phase by phase). The fixtures of our Kusion readers are generated here, never by our own writer.
//
// Sources (KusionStack/kusion at 02cc9d8b):
//
//	pkg/apis/api.kusion.io/v1/types.go           Workspace, Release, Spec, State, Resource, SecretStore
//	pkg/workspace/storages/util.go, s3.go        workspacesMetaData, the workspaces key prefix
//	pkg/engine/release/storages/util.go, s3.go   releasesMetaData, the releases key prefix
//	pkg/engine/release/util.go                   NewApplyRelease, UpdateApplyRelease
//	pkg/engine/runtime/kubernetes/kubernetes_runtime.go   the state Apply records (normalizeServerSideFields)
//	pkg/backend/storages/s3.go                   the aws-sdk-go v1 session of the s3 backend
//
// Run (Debian: golang-1.19, golang-gopkg-yaml.v3-dev, and for -endpoint golang-github-aws-aws-sdk-go-dev):
//
//	GO111MODULE=off GOPATH=/usr/share/gocode /usr/lib/go-1.19/bin/go run ./tools/kusion-fixtures \
//	  -unit packages/backend-kit/test/kusion-home -plugin plugins/backend-s3/test/kusion-bucket \
//	  -e2e e2e/s3-backend/fixtures/kusion-bucket
//
// With -endpoint, the e2e bucket is written to a live S3 endpoint (moto) through aws-sdk-go v1
// configured as Kusion's s3 backend is, to see which keys Kusion really produces for a prefix.
package main

import (
	"bytes"
	"encoding/base64"
	"flag"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"time"

	"github.com/aws/aws-sdk-go/aws"
	"github.com/aws/aws-sdk-go/aws/credentials"
	"github.com/aws/aws-sdk-go/aws/session"
	"github.com/aws/aws-sdk-go/service/s3"
	"gopkg.in/yaml.v3"
)

// ---- pkg/apis/api.kusion.io/v1/types.go (fields and tags as Kusion declares them) ----

type GenericConfig map[string]any

type Configs struct {
	Default              GenericConfig `yaml:"default" json:"default"`
	ModulePatcherConfigs `yaml:",inline,omitempty" json:",inline,omitempty"`
}

type ModulePatcherConfig struct {
	GenericConfig   `yaml:",inline" json:",inline"`
	ProjectSelector []string `yaml:"projectSelector" json:"projectSelector"`
}

type ModulePatcherConfigs map[string]*ModulePatcherConfig

type ModuleConfig struct {
	Path    string  `yaml:"path" json:"path"`
	Version string  `yaml:"version" json:"version"`
	Configs Configs `yaml:"configs" json:"configs"`
}

type ModuleConfigs map[string]*ModuleConfig

type AWSProvider struct {
	Region  string `yaml:"region" json:"region"`
	Profile string `yaml:"profile,omitempty" json:"profile,omitempty"`
}

type ProviderSpec struct {
	AWS *AWSProvider `yaml:"aws,omitempty" json:"aws,omitempty"`
}

type SecretStore struct {
	Provider *ProviderSpec `yaml:"provider" json:"provider"`
}

type Workspace struct {
	Name        string        `yaml:"-" json:"-"`
	Modules     ModuleConfigs `yaml:"modules,omitempty" json:"modules,omitempty"`
	SecretStore *SecretStore  `yaml:"secretStore,omitempty" json:"secretStore,omitempty"`
	Context     GenericConfig `yaml:"context,omitempty" json:"context,omitempty"`
}

type Resource struct {
	ID         string                 `yaml:"id" json:"id"`
	Type       string                 `yaml:"type" json:"type"`
	Attributes map[string]interface{} `yaml:"attributes" json:"attributes"`
	DependsOn  []string               `yaml:"dependsOn,omitempty" json:"dependsOn,omitempty"`
	Extensions map[string]interface{} `yaml:"extensions,omitempty" json:"extensions,omitempty"`
}

type Resources []Resource

type Spec struct {
	Resources   Resources     `yaml:"resources" json:"resources"`
	SecretStore *SecretStore  `yaml:"secretStore" json:"secretStore"`
	Context     GenericConfig `yaml:"context" json:"context"`
}

type State struct {
	Resources Resources `yaml:"resources" json:"resources"`
}

type Release struct {
	Project      string    `yaml:"project" json:"project"`
	Workspace    string    `yaml:"workspace" json:"workspace"`
	Revision     uint64    `yaml:"revision" json:"revision"`
	Stack        string    `yaml:"stack" json:"stack"`
	Spec         *Spec     `yaml:"spec,omitempty" json:"spec,omitempty"`
	State        *State    `yaml:"state" json:"state"`
	Phase        string    `yaml:"phase" json:"phase"`
	CreateTime   time.Time `yaml:"createTime" json:"createTime"`
	ModifiedTime time.Time `yaml:"modifiedTime" json:"modifiedTime"`
}

// ---- pkg/workspace/storages/util.go ----

type workspacesMetaData struct {
	Current             string   `yaml:"current,omitempty" json:"current,omitempty"`
	AvailableWorkspaces []string `yaml:"availableWorkspaces,omitempty" json:"availableWorkspaces,omitempty"`
}

// ---- pkg/engine/release/storages/util.go (releaseMetaData has no tags: yaml.v3 lower-cases) ----

type releasesMetaData struct {
	LatestRevision   uint64             `yaml:"latestRevision,omitempty" json:"latestRevision,omitempty"`
	ReleaseMetaDatas []*releaseMetaData `yaml:"releaseMetaDatas,omitempty" json:"releaseMetaDatas,omitempty"`
}

type releaseMetaData struct {
	Revision uint64
	Stack    string
}

// genericOssPrefix is GenGenericOssWorkspacePrefixKey / GenGenericOssReleasePrefixKey.
func genericOssPrefix(prefix string) string {
	prefix = strings.TrimPrefix(prefix, "/")
	if prefix != "" {
		prefix += "/"
	}
	return prefix
}

// ---- where objects go: files under a folder, or S3 through Kusion's session ----

type sink interface {
	put(key string, body []byte)
}

type folderSink struct{ root string }

func (f folderSink) put(key string, body []byte) {
	file := filepath.Join(f.root, filepath.FromSlash(key))
	must(os.MkdirAll(filepath.Dir(file), 0o755))
	must(os.WriteFile(file, body, 0o644))
}

type s3Sink struct {
	client *s3.S3
	bucket string
}

// newS3Sink configures aws-sdk-go v1 exactly as pkg/backend/storages/s3.go NewS3Storage does.
func newS3Sink(endpoint, bucket, region, accessKeyID, accessKeySecret string, forcePathStyle bool) s3Sink {
	c := &aws.Config{
		Credentials:      credentials.NewStaticCredentials(accessKeyID, accessKeySecret, ""),
		Region:           aws.String(region),
		DisableSSL:       aws.Bool(true),
		S3ForcePathStyle: aws.Bool(forcePathStyle),
	}
	if endpoint != "" {
		c.Endpoint = aws.String(endpoint)
	}
	sess, err := session.NewSession(c)
	must(err)
	return s3Sink{client: s3.New(sess), bucket: bucket}
}

func (s s3Sink) put(key string, body []byte) {
	_, err := s.client.PutObject(&s3.PutObjectInput{
		Bucket: aws.String(s.bucket),
		Key:    aws.String(key),
		Body:   bytes.NewReader(body),
	})
	must(err)
}

// ---- the storage calls, as pkg/workspace/storages/s3.go and pkg/engine/release/storages/s3.go make them ----

type workspaceStorage struct {
	sink   sink
	prefix string // GenGenericOssWorkspacePrefixKey(prefix): "<prefix>/workspaces"
	meta   *workspacesMetaData
}

// newWorkspaceStorage is NewS3Storage on an empty bucket: readMeta finds nothing, then
// initDefaultWorkspaceIf writes `default` and the metadata.
func newWorkspaceStorage(out sink, prefix string) *workspaceStorage {
	s := &workspaceStorage{sink: out, prefix: genericOssPrefix(prefix) + "workspaces", meta: &workspacesMetaData{}}
	s.writeWorkspace(&Workspace{Name: "default"})
	s.meta.AvailableWorkspaces = append(s.meta.AvailableWorkspaces, "default")
	s.meta.Current = "default"
	s.writeMeta()
	return s
}

func (s *workspaceStorage) create(ws *Workspace) {
	s.writeWorkspace(ws)
	s.meta.AvailableWorkspaces = append(s.meta.AvailableWorkspaces, ws.Name)
	s.writeMeta()
}

func (s *workspaceStorage) setCurrent(name string) {
	s.meta.Current = name
	s.writeMeta()
}

func (s *workspaceStorage) writeWorkspace(ws *Workspace) {
	s.sink.put(s.prefix+"/"+ws.Name+".yaml", marshal(ws))
}

func (s *workspaceStorage) writeMeta() {
	s.sink.put(s.prefix+"/.metadata.yml", marshal(s.meta))
}

type releaseStorage struct {
	sink      sink
	project   string
	workspace string
	prefix    string // GenGenericOssReleasePrefixKey(prefix, project, workspace)
	meta      *releasesMetaData
	latest    *Release
}

func newReleaseStorage(out sink, prefix, project, workspace string) *releaseStorage {
	return &releaseStorage{
		sink:      out,
		project:   project,
		workspace: workspace,
		prefix:    fmt.Sprintf("%sreleases/%s/%s", genericOssPrefix(prefix), project, workspace),
		meta:      &releasesMetaData{},
	}
}

func (s *releaseStorage) create(r *Release) {
	s.writeRelease(r)
	s.meta.LatestRevision = r.Revision
	s.meta.ReleaseMetaDatas = append(s.meta.ReleaseMetaDatas, &releaseMetaData{Revision: r.Revision, Stack: r.Stack})
	s.sink.put(s.prefix+"/.metadata.yml", marshal(s.meta))
}

func (s *releaseStorage) update(r *Release) { s.writeRelease(r) }

func (s *releaseStorage) writeRelease(r *Release) {
	s.sink.put(fmt.Sprintf("%s/%d.yaml", s.prefix, r.Revision), marshal(r))
	s.latest = r
}

// apply records a release as `kusion apply` does: NewApplyRelease (revision latest+1 of the
// project and workspace, the last release's state, phase generating), then UpdateApplyRelease
// with the spec (previewing, applying) and finally the applied state in `phase`. A phase other
// than succeeded or failed is a run that never finished.
func (s *releaseStorage) apply(stack string, spec *Spec, at time.Time, phase string) {
	state := &State{}
	if s.latest != nil {
		state = s.latest.State
	}
	r := &Release{
		Project:      s.project,
		Workspace:    s.workspace,
		Revision:     s.meta.LatestRevision + 1,
		Stack:        stack,
		State:        state,
		Phase:        "generating",
		CreateTime:   at,
		ModifiedTime: at,
	}
	s.create(r)
	r.Spec = spec
	r.Phase = "previewing"
	r.ModifiedTime = at.Add(1200 * time.Millisecond)
	s.update(r)
	r.Phase = "applying"
	r.ModifiedTime = at.Add(2400 * time.Millisecond)
	s.update(r)
	if phase == "applying" {
		return
	}
	if phase == "succeeded" {
		applied := make(Resources, 0, len(spec.Resources))
		for _, resource := range spec.Resources {
			applied = append(applied, appliedState(resource))
		}
		r.State = &State{Resources: applied}
	}
	r.Phase = phase
	r.ModifiedTime = at.Add(3600*time.Millisecond + 123456789)
	s.update(r)
}

// appliedState is what KubernetesRuntime.Apply records: the planned object ("Save modified"),
// without status and the server-side metadata fields (normalizeServerSideFields).
func appliedState(planned Resource) Resource {
	attributes := deepCopy(planned.Attributes).(map[string]interface{})
	delete(attributes, "status")
	if metadata, ok := attributes["metadata"].(map[string]interface{}); ok {
		for _, field := range []string{"resourceVersion", "creationTimestamp", "selfLink", "uid", "generation", "managedFields"} {
			delete(metadata, field)
		}
	}
	return Resource{ID: planned.ID, Type: planned.Type, Attributes: attributes, DependsOn: planned.DependsOn, Extensions: planned.Extensions}
}

// ---- the resources Kusion's generator emits (typed Kubernetes objects converted to maps) ----

func namespace(name string) Resource {
	return Resource{
		ID:   "v1:Namespace:" + name,
		Type: "Kubernetes",
		Attributes: map[string]interface{}{
			"apiVersion": "v1",
			"kind":       "Namespace",
			"metadata":   map[string]interface{}{"creationTimestamp": nil, "name": name},
			"spec":       map[string]interface{}{},
			"status":     map[string]interface{}{},
		},
		Extensions: map[string]interface{}{"GVK": "/v1, Kind=Namespace"},
	}
}

func secret(namespace, name string, data map[string]string) Resource {
	encoded := map[string]interface{}{}
	for key, value := range data {
		encoded[key] = base64.StdEncoding.EncodeToString([]byte(value))
	}
	return Resource{
		ID:   fmt.Sprintf("v1:Secret:%s:%s", namespace, name),
		Type: "Kubernetes",
		Attributes: map[string]interface{}{
			"apiVersion": "v1",
			"kind":       "Secret",
			"metadata":   map[string]interface{}{"creationTimestamp": nil, "name": name, "namespace": namespace},
			"data":       encoded,
			"type":       "Opaque",
		},
		DependsOn:  []string{"v1:Namespace:" + namespace},
		Extensions: map[string]interface{}{"GVK": "/v1, Kind=Secret"},
	}
}

func configMap(namespace, name string, data map[string]string) Resource {
	values := map[string]interface{}{}
	for key, value := range data {
		values[key] = value
	}
	return Resource{
		ID:   fmt.Sprintf("v1:ConfigMap:%s:%s", namespace, name),
		Type: "Kubernetes",
		Attributes: map[string]interface{}{
			"apiVersion": "v1",
			"kind":       "ConfigMap",
			"metadata":   map[string]interface{}{"creationTimestamp": nil, "name": name, "namespace": namespace},
			"data":       values,
		},
		DependsOn:  []string{"v1:Namespace:" + namespace},
		Extensions: map[string]interface{}{"GVK": "/v1, Kind=ConfigMap"},
	}
}

// A Terraform resource as Kusion's mysql module emits it for AWS.
func terraformDatabase(password string) Resource {
	return Resource{
		ID:   "hashicorp:aws:aws_db_instance:shop-db",
		Type: "Terraform",
		Attributes: map[string]interface{}{
			"identifier":     "shop-db",
			"engine":         "mysql",
			"instance_class": "db.t3.micro",
			"password":       password,
			"username":       "root",
		},
		Extensions: map[string]interface{}{
			"provider":     "registry.terraform.io/hashicorp/aws/5.0.1",
			"providerMeta": map[string]interface{}{"region": "us-east-1"},
			"resourceType": "aws_db_instance",
		},
	}
}

// ---- the two scenarios ----

var shanghai = time.FixedZone("CST", 8*60*60)

// e2eBucket: what a team's bucket holds after `kusion workspace create dev -f dev.yaml
// --current` and two `kusion apply` of project shop, stack dev, in workspace dev.
func e2eBucket(out sink, prefix string) (identical, next *Spec) {
	workspaces := newWorkspaceStorage(out, prefix)
	workspaces.create(&Workspace{
		Name:    "dev",
		Context: GenericConfig{"KUBECONFIG_PATH": "$HOME/.kube/config"},
	})
	workspaces.setCurrent("dev")

	releases := newReleaseStorage(out, prefix, "shop", "dev")
	first := &Spec{Resources: Resources{
		namespace("shop"),
		secret("shop", "db", map[string]string{"password": "first-hunter2"}),
	}}
	releases.apply("dev", first, time.Date(2024, 5, 10, 16, 48, 0, 254331000, shanghai), "succeeded")
	second := &Spec{Resources: Resources{
		namespace("shop"),
		secret("shop", "db", map[string]string{"password": "second-hunter2"}),
		configMap("shop", "settings", map[string]string{"revision": "2"}),
	}}
	releases.apply("dev", second, time.Date(2024, 5, 11, 9, 12, 30, 998877000, shanghai), "succeeded")

	changed := &Spec{Resources: Resources{
		namespace("shop"),
		secret("shop", "db", map[string]string{"password": "second-hunter2"}),
		configMap("shop", "settings", map[string]string{"revision": "3"}),
	}}
	return second, changed
}

// unitHome: releases of two stacks in one project and workspace (Kusion numbers them together),
// a failed one, one whose run never finished, a Terraform resource; workspaces with modules.
func unitHome(out sink) {
	workspaces := newWorkspaceStorage(out, "")
	workspaces.create(&Workspace{
		Name: "dev",
		Modules: ModuleConfigs{
			"mysql": {
				Path:    "ghcr.io/kusionstack/mysql",
				Version: "0.1.0",
				Configs: Configs{
					Default: GenericConfig{"instanceType": "db.t3.micro", "type": "aws", "version": "5.7"},
					ModulePatcherConfigs: ModulePatcherConfigs{
						"smallClass": {GenericConfig: GenericConfig{"instanceType": "db.t3.small"}, ProjectSelector: []string{"shop"}},
					},
				},
			},
		},
		SecretStore: &SecretStore{Provider: &ProviderSpec{AWS: &AWSProvider{Region: "us-east-1"}}},
		Context:     GenericConfig{"kubernetes": map[string]interface{}{"kubeConfig": "/etc/kubeconfig.yaml"}},
	})
	workspaces.create(&Workspace{Name: "prod"})
	workspaces.setCurrent("dev")

	releases := newReleaseStorage(out, "", "shop", "dev")
	at := time.Date(2024, 5, 10, 16, 48, 0, 0, shanghai)
	web := &Spec{
		Resources: Resources{namespace("shop"), secret("shop", "db", map[string]string{"password": "hunter2"})},
		Context:   GenericConfig{"KUBECONFIG_PATH": "/etc/kubeconfig.yaml"},
	}
	releases.apply("web", web, at, "succeeded")
	releases.apply("web", web, at.Add(time.Hour), "failed")
	database := &Spec{
		Resources:   Resources{terraformDatabase("s3cr3t-db-password")},
		SecretStore: &SecretStore{Provider: &ProviderSpec{AWS: &AWSProvider{Region: "us-east-1"}}},
	}
	releases.apply("database", database, at.Add(2*time.Hour), "succeeded")
	releases.apply("web", web, at.Add(3*time.Hour), "applying")
}

func main() {
	unit := flag.String("unit", "", "folder for the parser's unit fixtures (a $KUSION_HOME)")
	plugin := flag.String("plugin", "", "folder for the s3 backend's fixtures (the same state, as bucket keys)")
	e2e := flag.String("e2e", "", "folder for the e2e bucket (keys under it, no prefix) and its Specs")
	endpoint := flag.String("endpoint", "", "write the e2e bucket to this S3 endpoint instead")
	bucket := flag.String("bucket", "kusion-state", "the bucket, with -endpoint")
	prefix := flag.String("prefix", "", "Kusion's `prefix` setting, with -endpoint")
	flag.Parse()

	if *unit != "" {
		unitHome(folderSink{root: *unit})
	}
	if *plugin != "" {
		unitHome(folderSink{root: *plugin})
	}
	if *e2e != "" {
		identical, next := e2eBucket(folderSink{root: filepath.Join(*e2e, "bucket")}, "")
		folderSink{root: *e2e}.put("spec.yaml", marshal(identical))
		folderSink{root: *e2e}.put("spec-next.yaml", marshal(next))
	}
	if *endpoint != "" {
		e2eBucket(newS3Sink(*endpoint, *bucket, "us-east-1", "test", "test", true), *prefix)
	}
}

func marshal(value interface{}) []byte {
	content, err := yaml.Marshal(value)
	must(err)
	return content
}

func deepCopy(value interface{}) interface{} {
	switch typed := value.(type) {
	case map[string]interface{}:
		copied := make(map[string]interface{}, len(typed))
		for key, item := range typed {
			copied[key] = deepCopy(item)
		}
		return copied
	case []interface{}:
		copied := make([]interface{}, len(typed))
		for index, item := range typed {
			copied[index] = deepCopy(item)
		}
		return copied
	default:
		return value
	}
}

func must(err error) {
	if err != nil {
		fmt.Fprintln(os.Stderr, err)
		os.Exit(1)
	}
}
