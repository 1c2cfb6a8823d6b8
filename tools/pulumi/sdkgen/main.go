// Command sdkgen writes the generated SDKs of the partnercenter Pulumi package from its schema: the Node.js, Go and
// Python generators of github.com/pulumi/pulumi/pkg/v3/codegen at the CLI's version (tools/pulumi/go.mod), called
// directly because `pulumi package gen-sdk` asks the language host, and ours (languagehost) does no code generation.
//
// Usage: sdkgen <schema.json> <out dir>
//
// <out dir>/nodejs, <out dir>/go and <out dir>/python are replaced by exactly the files the generators return, so a
// file the generators stop producing disappears. Run by `npm run generate` (scripts/generate-sdks.sh); a unit test
// regenerates into a temporary directory and compares with the checked-in sdk/.
package main

import (
	"context"
	"encoding/json"
	"fmt"
	"os"
	"path/filepath"
	"sort"

	"github.com/blang/semver"
	gogen "github.com/pulumi/pulumi/pkg/v3/codegen/go"
	"github.com/pulumi/pulumi/pkg/v3/codegen/nodejs"
	"github.com/pulumi/pulumi/pkg/v3/codegen/python"
	"github.com/pulumi/pulumi/pkg/v3/codegen/schema"
)

// The tool name the generators write into the "do not edit" header of every file.
const tool = "partnercenter-sdkgen"

// noLoader refuses every package reference: the schema references no other package, so binding must not need one
// (and must never reach for plugins or the network).
type noLoader struct{}

func (noLoader) err(name string) error {
	return fmt.Errorf("sdkgen: the schema references package %q; only self-contained schemas are supported", name)
}

func (l noLoader) LoadPackage(pkg string, _ *semver.Version) (*schema.Package, error) { return nil, l.err(pkg) }
func (l noLoader) LoadPackageV2(_ context.Context, d *schema.PackageDescriptor) (*schema.Package, error) {
	return nil, l.err(d.Name)
}

func (l noLoader) LoadPackageReference(pkg string, _ *semver.Version) (schema.PackageReference, error) {
	return nil, l.err(pkg)
}

func (l noLoader) LoadPackageReferenceV2(
	_ context.Context, d *schema.PackageDescriptor,
) (schema.PackageReference, error) {
	return nil, l.err(d.Name)
}

// bind reads and validates the schema; each generator gets its own bound package because they record their
// language info in it.
func bind(path string) (*schema.Package, error) {
	data, err := os.ReadFile(path)
	if err != nil {
		return nil, err
	}
	var spec schema.PackageSpec
	if err := json.Unmarshal(data, &spec); err != nil {
		return nil, fmt.Errorf("%s: %w", path, err)
	}
	pkg, diags, err := schema.BindSpec(spec, noLoader{}, schema.ValidationOptions{})
	if err != nil {
		return nil, fmt.Errorf("%s: %w", path, err)
	}
	if diags.HasErrors() {
		return nil, fmt.Errorf("%s: %s", path, diags.Error())
	}
	return pkg, nil
}

// write replaces dir with exactly files.
func write(dir string, files map[string][]byte) error {
	if err := os.RemoveAll(dir); err != nil {
		return err
	}
	names := make([]string, 0, len(files))
	for name := range files {
		names = append(names, name)
	}
	sort.Strings(names)
	for _, name := range names {
		path := filepath.Join(dir, filepath.FromSlash(name))
		if err := os.MkdirAll(filepath.Dir(path), 0o755); err != nil {
			return err
		}
		if err := os.WriteFile(path, files[name], 0o644); err != nil {
			return err
		}
	}
	return nil
}

func run(schemaPath, outDir string) error {
	generators := []struct {
		lang string
		gen  func(*schema.Package) (map[string][]byte, error)
	}{
		{"nodejs", func(p *schema.Package) (map[string][]byte, error) {
			return nodejs.GeneratePackage(tool, p, nil, nil, false, noLoader{})
		}},
		{"go", func(p *schema.Package) (map[string][]byte, error) {
			return gogen.GeneratePackage(tool, p, nil)
		}},
		{"python", func(p *schema.Package) (map[string][]byte, error) {
			return python.GeneratePackage(tool, p, nil, noLoader{})
		}},
	}
	for _, g := range generators {
		pkg, err := bind(schemaPath)
		if err != nil {
			return err
		}
		files, err := g.gen(pkg)
		if err != nil {
			return fmt.Errorf("%s SDK: %w", g.lang, err)
		}
		if err := write(filepath.Join(outDir, g.lang), files); err != nil {
			return fmt.Errorf("%s SDK: %w", g.lang, err)
		}
		fmt.Fprintf(os.Stderr, "sdkgen: %s: %d files\n", g.lang, len(files))
	}
	return nil
}

func main() {
	if len(os.Args) != 3 {
		fmt.Fprintln(os.Stderr, "usage: sdkgen <schema.json> <out dir>")
		os.Exit(2)
	}
	if err := run(os.Args[1], os.Args[2]); err != nil {
		fmt.Fprintln(os.Stderr, "sdkgen:", err)
		os.Exit(1)
	}
}
