package main

// RunPlugin: policy packs written for Node.js (a folder with PulumiPolicy.yaml, `runtime: nodejs`), as
// `pulumi preview --policy-pack <dir>` starts them. This mirrors upstream's Node host (pulumi/pulumi v3.259.0,
// sdk/nodejs/cmd/pulumi-language-nodejs/main.go, RunPlugin) for the analyzer kind:
//
//  1. the engine calls RunPlugin and reads the plugin's port from the first stdout line of the stream;
//  2. that port is a proxy's (sdk.NewPolicyProxy, sdk/policy_proxy.go), because the engine sends the stack's
//     configuration (ConfigureStack) to the analyzer it connects to, while `@pulumi/pulumi/cmd/run-policy-pack`
//     expects it in its environment (PULUMI_CONFIG, PULUMI_NODEJS_STACK, ...) when it starts;
//  3. once the proxy has the configuration we start node on run-policy-pack with that environment, in the pack's
//     directory, and the proxy forwards every other analyzer call to the port the pack prints.
//
// Differences from upstream, on purpose: only the analyzer kind is served (Node.js resource/converter/tool
// plugins are not, and say so); no debugger attach; `nodeargs` go before the script (upstream appends them after
// it, where node hands them to the script); and the two output streams share one lock, since a gRPC stream's Send
// must not be called from two goroutines at once (exec copies stdout and stderr in one goroutine each).

import (
	"errors"
	"flag"
	"fmt"
	"io"
	"os"
	"os/exec"
	"strconv"
	"strings"
	"sync"
	"syscall"

	"github.com/pulumi/pulumi/sdk/v3"
	"github.com/pulumi/pulumi/sdk/v3/go/common/apitype"
	"github.com/pulumi/pulumi/sdk/v3/go/common/util/rpcutil"
	pulumirpc "github.com/pulumi/pulumi/sdk/v3/proto/go"
	"google.golang.org/grpc/codes"
	"google.golang.org/grpc/status"
)

// runPolicyPackModule is the entry point, shipped in the pack's own @pulumi/pulumi, that loads a policy pack.
const runPolicyPackModule = "@pulumi/pulumi/cmd/run-policy-pack"

// The Pulumi SDK packages imported here pull in glog, whose init registers `-logtostderr` and `-v` on the global
// flag set; main.go registers the same two flags (the engine passes them to every plugin), and registering a flag
// twice panics. main's flags go on a fresh set instead: they are ignored either way, and glog keeps its defaults
// (nothing logged), as before this file existed.
func init() {
	if flag.CommandLine.Lookup("logtostderr") != nil || flag.CommandLine.Lookup("v") != nil {
		flag.CommandLine = flag.NewFlagSet(os.Args[0], flag.ExitOnError)
	}
}

func (h *host) RunPlugin(req *pulumirpc.RunPluginRequest, server pulumirpc.LanguageRuntime_RunPluginServer) error {
	if req.GetKind() != string(apitype.AnalyzerPlugin) {
		return status.Errorf(codes.Unimplemented,
			"this Node.js language host (tools/pulumi/languagehost) runs policy packs only, not %q plugins (%s)",
			req.GetKind(), req.GetName())
	}
	if req.GetAttachDebugger() {
		return status.Error(codes.Unimplemented, "this Node.js language host cannot attach a debugger to a policy pack")
	}
	ctx := server.Context()
	packDir := req.GetInfo().GetProgramDirectory()

	closer, rawStdout, rawStderr, err := rpcutil.MakeRunPluginStreams(server, false)
	if err != nil {
		return err
	}
	defer closer.Close()
	var sendLock sync.Mutex
	var stdout io.Writer = &lockedWriter{lock: &sendLock, w: rawStdout}
	stderr := &lockedWriter{lock: &sendLock, w: rawStderr}

	node, err := exec.LookPath("node")
	if err != nil {
		return fmt.Errorf("node not found on PATH: %w", err)
	}
	script, err := resolveModule(node, packDir, runPolicyPackModule)
	if err != nil {
		return err
	}

	opts := req.GetInfo().GetOptions().AsMap()
	env := req.GetEnv()
	if ts, ok := opts["typescript"].(bool); ok {
		env = append(env, "PULUMI_NODEJS_TYPESCRIPT="+strconv.FormatBool(ts))
	}
	if tsconfig, ok := opts["tsconfig"].(string); ok && tsconfig != "" {
		env = append(env, "PULUMI_NODEJS_TSCONFIG_PATH="+tsconfig)
	}
	var args []string
	if nodeArgs, ok := opts["nodeargs"].(string); ok && nodeArgs != "" {
		args = append(args, strings.Fields(nodeArgs)...)
	}
	// run-policy-pack takes `<engine-address> <pack directory>`: the engine's arguments (logging flags, then its
	// address) come first and the directory last, as upstream passes them.
	args = append(args, script)
	args = append(args, req.GetArgs()...)
	args = append(args, packDir)

	// The proxy prints its own port (the engine's handshake) and waits for the stack's configuration; the pack's
	// stdout goes through the proxy, which reads the pack's port from its first line and copies the rest.
	proxy, packStdout, err := sdk.NewPolicyProxy(ctx, stdout)
	if err != nil {
		return fmt.Errorf("could not start the policy pack proxy: %w", err)
	}
	config, err := proxy.AwaitConfiguration(ctx)
	if err != nil {
		return fmt.Errorf("could not get the stack configuration: %w", err)
	}
	if config != nil {
		setEnv := func(key, value string) {
			if value != "" {
				env = append(env, key+"="+value)
			}
		}
		setEnv("PULUMI_NODEJS_ORGANIZATION", config.GetOrganization())
		setEnv("PULUMI_NODEJS_PROJECT", config.GetProject())
		setEnv("PULUMI_NODEJS_STACK", config.GetStack())
		setEnv("PULUMI_NODEJS_DRY_RUN", strconv.FormatBool(config.GetDryRun()))
		if config.GetConfig() != nil {
			configJSON, err := marshalJSON(config.GetConfig())
			if err != nil {
				return fmt.Errorf("could not marshal the stack configuration: %w", err)
			}
			setEnv("PULUMI_CONFIG", configJSON)
		}
	}

	// CommandContext: the engine ends the stream (and so this context) when it closes the analyzer.
	cmd := exec.CommandContext(ctx, node, args...)
	// Node policy packs have always run in the pack's directory (upstream keeps that for compatibility).
	cmd.Dir = packDir
	cmd.Env = env
	cmd.Stdout, cmd.Stderr = packStdout, stderr
	if err := cmd.Start(); err != nil {
		return fmt.Errorf("could not start %s on %s: %w", node, script, err)
	}
	if err := proxy.Attach(ctx, cmd); err != nil {
		var exitErr *exec.ExitError
		if errors.As(err, &exitErr) {
			if ws, ok := exitErr.Sys().(syscall.WaitStatus); ok && !ws.Signaled() {
				return fmt.Errorf("Program exited with non-zero exit code: %d", ws.ExitStatus()) //nolint:staticcheck
			}
			return fmt.Errorf("Program exited unexpectedly: %w", exitErr) //nolint:staticcheck
		}
		return fmt.Errorf("could not attach the policy pack proxy: %w", err)
	}
	return closer.Close()
}

// lockedWriter serialises writes of several writers that end in one gRPC stream.
type lockedWriter struct {
	lock *sync.Mutex
	w    io.Writer
}

func (l *lockedWriter) Write(p []byte) (int, error) {
	l.lock.Lock()
	defer l.lock.Unlock()
	return l.w.Write(p)
}

// resolveModule finds a module as code in dir would resolve it (with the caller's NODE_OPTIONS, such as
// --preserve-symlinks), so the pack and the entry point share one @pulumi/pulumi.
func resolveModule(node, dir, module string) (string, error) {
	var stderr strings.Builder
	cmd := exec.Command(node, "-e", "process.stdout.write(require.resolve(process.argv[1]))", module)
	cmd.Dir = dir
	cmd.Stderr = &stderr
	out, err := cmd.Output()
	if err != nil {
		return "", fmt.Errorf("could not find %s from %s (is @pulumi/pulumi installed there? run `npm install`): "+
			"%v: %s", module, dir, err, strings.TrimSpace(stderr.String()))
	}
	return strings.TrimSpace(string(out)), nil
}
