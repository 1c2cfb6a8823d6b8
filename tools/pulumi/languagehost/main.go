// Command pulumi-language-nodejs is a minimal Node.js language host for the Pulumi engine, written for this
// repository because the upstream host is not served by the Go module proxy (see scripts/setup-pulumi.sh).
//
// It implements just enough of pulumirpc.LanguageRuntimeServer for `pulumi preview/up/refresh/destroy` of a
// Node.js (JavaScript or TypeScript) project: the program is executed by the `cmd/run` entry point shipped in the
// project's own `@pulumi/pulumi` package, which connects back to the engine's resource monitor. Policy packs
// run through RunPlugin (runplugin.go). It does not install dependencies, report plugins or packages, or support
// other plugins written in Node.js, code generation or debugging.
//
// Protocol with the engine (plugin launch): the engine starts this binary with optional logging/tracing flags
// and the engine's gRPC address as the last positional argument; we listen on 127.0.0.1:0 and print the port as
// the first line on stdout. Everything the Node.js program prints afterwards goes to our stdout/stderr, which the
// engine shows to the user.
package main

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"flag"
	"fmt"
	"net"
	"os"
	"os/exec"
	"path/filepath"
	"strconv"
	"strings"
	"sync"
	"syscall"
	"time"

	pulumirpc "github.com/pulumi/pulumi/sdk/v3/proto/go"
	"google.golang.org/grpc"
	"google.golang.org/protobuf/types/known/emptypb"
)

// version is reported through GetPluginInfo; it matches the CLI we build it with.
const version = "3.259.0"

// exitCodeBail is the exit code with which @pulumi/pulumi/cmd/run signals "the error was already reported to the
// user through the engine" (nodeJSProcessExitedAfterLoggingUserActionableMessage in cmd/run/index.js).
const exitCodeBail = 32

func main() {
	// Flags the engine may pass to plugins (logging and tracing); accepted and otherwise ignored.
	flag.Bool("logtostderr", false, "log to stderr (ignored)")
	flag.Int("v", 0, "log verbosity (ignored)")
	tracing := flag.String("tracing", "", "Zipkin-compatible tracing endpoint, passed on to the program")
	flag.Parse()

	// The engine address is the last positional argument. It is optional for the few RPCs that do not need it.
	engineAddress := ""
	if args := flag.Args(); len(args) > 0 {
		engineAddress = args[len(args)-1]
	}

	listener, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		fmt.Fprintf(os.Stderr, "pulumi-language-nodejs: listen: %v\n", err)
		os.Exit(1)
	}
	server := grpc.NewServer(grpc.MaxRecvMsgSize(400 * 1024 * 1024))
	h := &host{engineAddress: engineAddress, tracing: *tracing, programs: map[*os.Process]struct{}{}}
	pulumirpc.RegisterLanguageRuntimeServer(server, h)
	if engineAddress != "" {
		go watchEngine(engineAddress, engineProbeInterval, func() {
			h.killPrograms()
			os.Exit(1)
		})
	}

	// The handshake: the first stdout line is the port the engine dials.
	fmt.Printf("%d\n", listener.Addr().(*net.TCPAddr).Port)

	// Serve until the engine kills us (it does so when it closes the plugin), or watchEngine finds it gone.
	if err := server.Serve(listener); err != nil {
		fmt.Fprintf(os.Stderr, "pulumi-language-nodejs: serve: %v\n", err)
		os.Exit(1)
	}
}

// engineProbeInterval is how often watchEngine dials the engine: a dead engine is noticed well within a second.
const engineProbeInterval = 250 * time.Millisecond

// watchEngine calls gone once nothing listens at the engine's address any more, i.e. the `pulumi` process died
// without closing its plugins (SIGKILL, OOM killer, CI timeout): nobody would ever shut this host down, and the
// program it runs would linger as well. Upstream's host asks the engine's health service every 5 minutes; a TCP
// dial every engineProbeInterval is cheaper and answers within a second. Only a refused connection counts: a
// timeout (a loaded machine) proves nothing.
func watchEngine(address string, interval time.Duration, gone func()) {
	for {
		time.Sleep(interval)
		conn, err := net.DialTimeout("tcp", address, time.Second)
		if err == nil {
			_ = conn.Close()
			continue
		}
		if errors.Is(err, syscall.ECONNREFUSED) {
			gone()
			return
		}
	}
}

// host implements the language runtime service. Unimplemented RPCs answer codes.Unimplemented, which the engine
// treats as "not supported" where that is optional (e.g. Handshake, GetRequiredPackages, Cancel).
type host struct {
	pulumirpc.UnimplementedLanguageRuntimeServer
	engineAddress string
	tracing       string

	mu sync.Mutex
	// programs are the Node.js processes of the Run calls in progress, killed when the engine is gone.
	programs map[*os.Process]struct{}
}

// killPrograms SIGKILLs the running programs: their engine (and with it the resource monitor) is gone, so
// nothing they still do can be recorded.
func (h *host) killPrograms() {
	h.mu.Lock()
	defer h.mu.Unlock()
	for p := range h.programs {
		_ = p.Kill()
	}
}

// runProgram runs cmd to completion, known to killPrograms meanwhile.
func (h *host) runProgram(cmd *exec.Cmd) error {
	if err := cmd.Start(); err != nil {
		return err
	}
	h.mu.Lock()
	h.programs[cmd.Process] = struct{}{}
	h.mu.Unlock()
	defer func() {
		h.mu.Lock()
		delete(h.programs, cmd.Process)
		h.mu.Unlock()
	}()
	return cmd.Wait()
}

// Handshake is only used by the engine when it attaches to an already running host (PULUMI_DEBUG_LANGUAGES);
// it carries the engine address, which then replaces the command-line one.
func (h *host) Handshake(
	_ context.Context, req *pulumirpc.LanguageHandshakeRequest,
) (*pulumirpc.LanguageHandshakeResponse, error) {
	if req.GetEngineAddress() != "" {
		h.engineAddress = req.GetEngineAddress()
	}
	return &pulumirpc.LanguageHandshakeResponse{}, nil
}

func (h *host) GetPluginInfo(context.Context, *emptypb.Empty) (*pulumirpc.PluginInfo, error) {
	return &pulumirpc.PluginInfo{Version: version}, nil
}

// GetRequiredPlugins reports no plugins: our programs need only the dynamic-provider plugin, which ships with
// the CLI build (pulumi-resource-pulumi-nodejs), and plugin acquisition is disabled offline anyway.
func (h *host) GetRequiredPlugins(
	context.Context, *pulumirpc.GetRequiredPluginsRequest,
) (*pulumirpc.GetRequiredPluginsResponse, error) {
	return &pulumirpc.GetRequiredPluginsResponse{}, nil
}

// GetRequiredPackages: see GetRequiredPlugins.
func (h *host) GetRequiredPackages(
	context.Context, *pulumirpc.GetRequiredPackagesRequest,
) (*pulumirpc.GetRequiredPackagesResponse, error) {
	return &pulumirpc.GetRequiredPackagesResponse{}, nil
}

// InstallDependencies is a no-op: `npm install` is the user's job (`pulumi install`, `pulumi new`).
func (h *host) InstallDependencies(
	*pulumirpc.InstallDependenciesRequest, grpc.ServerStreamingServer[pulumirpc.InstallDependenciesResponse],
) error {
	return nil
}

func (h *host) RuntimeOptionsPrompts(
	context.Context, *pulumirpc.RuntimeOptionsRequest,
) (*pulumirpc.RuntimeOptionsResponse, error) {
	return &pulumirpc.RuntimeOptionsResponse{}, nil
}

func (h *host) GetProgramDependencies(
	context.Context, *pulumirpc.GetProgramDependenciesRequest,
) (*pulumirpc.GetProgramDependenciesResponse, error) {
	return &pulumirpc.GetProgramDependenciesResponse{}, nil
}

// About reports the node executable and its version (for `pulumi about`).
func (h *host) About(context.Context, *pulumirpc.AboutRequest) (*pulumirpc.AboutResponse, error) {
	node, err := exec.LookPath("node")
	if err != nil {
		return nil, fmt.Errorf("node not found on PATH: %w", err)
	}
	out, err := exec.Command(node, "--version").Output()
	if err != nil {
		return nil, fmt.Errorf("%s --version: %w", node, err)
	}
	return &pulumirpc.AboutResponse{Executable: node, Version: strings.TrimSpace(string(out))}, nil
}

// Cancel acknowledges the engine's shutdown request; running programs end when the engine closes the monitor.
func (h *host) Cancel(context.Context, *emptypb.Empty) (*emptypb.Empty, error) {
	return &emptypb.Empty{}, nil
}

// Run executes the program once (one preview/update/refresh/destroy pass) and waits for it to exit:
//
//	node [nodeargs] <pwd>/…/@pulumi/pulumi/cmd/run/index.js --monitor=… --engine=… --organization=… \
//	     --project=… --stack=… --root-directory=… --pwd=<pwd> [--dry-run] [--query-mode] --parallel=N \
//	     [--tracing=…] <program> [args…]
//
// with PULUMI_CONFIG (JSON object of "ns:key" → value) and PULUMI_CONFIG_SECRET_KEYS (JSON array) in the
// environment, plus PULUMI_NODEJS_TYPESCRIPT / PULUMI_NODEJS_TSCONFIG_PATH from the runtime options in
// Pulumi.yaml (TypeScript on by default, see typescriptOptions). Errors of the program itself are returned in
// RunResponse.Error (or Bail when cmd/run already reported them); only failures to start are gRPC errors.
func (h *host) Run(ctx context.Context, req *pulumirpc.RunRequest) (*pulumirpc.RunResponse, error) {
	pwd := req.GetPwd()
	if pwd == "" {
		pwd = req.GetInfo().GetProgramDirectory()
	}
	program := req.GetProgram()
	if program == "" {
		program = req.GetInfo().GetEntryPoint()
	}
	if program == "" {
		program = "."
	}
	opts := req.GetInfo().GetOptions().AsMap()

	node, err := exec.LookPath("node")
	if err != nil {
		return nil, fmt.Errorf("node not found on PATH: %w", err)
	}
	runScript, err := resolveRunScript(ctx, node, pwd)
	if err != nil {
		return &pulumirpc.RunResponse{Error: err.Error()}, nil
	}

	var args []string
	if nodeArgs, ok := opts["nodeargs"].(string); ok && nodeArgs != "" {
		args = append(args, strings.Fields(nodeArgs)...)
	}
	args = append(args, runScript, "--monitor="+req.GetMonitorAddress())
	if h.engineAddress != "" {
		args = append(args, "--engine="+h.engineAddress)
	}
	for flagName, value := range map[string]string{
		"organization":   req.GetOrganization(),
		"project":        req.GetProject(),
		"stack":          req.GetStack(),
		"root-directory": req.GetInfo().GetRootDirectory(),
		"pwd":            pwd,
		"tracing":        h.tracing,
	} {
		if value != "" {
			args = append(args, "--"+flagName+"="+value)
		}
	}
	if req.GetDryRun() {
		args = append(args, "--dry-run")
	}
	if req.GetQueryMode() {
		args = append(args, "--query-mode")
	}
	if p := req.GetParallel(); p > 0 {
		args = append(args, "--parallel="+strconv.Itoa(int(p)))
	}
	args = append(args, program)
	args = append(args, req.GetArgs()...)

	config := req.GetConfig()
	if config == nil {
		config = map[string]string{} // "{}", not "null": cmd/run does Object.keys(JSON.parse(...))
	}
	configJSON, err := marshalJSON(config)
	if err != nil {
		return nil, err
	}
	secretKeys := req.GetConfigSecretKeys()
	if secretKeys == nil {
		secretKeys = []string{}
	}
	secretKeysJSON, err := marshalJSON(secretKeys)
	if err != nil {
		return nil, err
	}
	env := append(os.Environ(),
		"PULUMI_CONFIG="+configJSON,
		"PULUMI_CONFIG_SECRET_KEYS="+secretKeysJSON,
	)
	typescript, tsconfig, err := typescriptOptions(opts)
	if err != nil {
		return &pulumirpc.RunResponse{Error: err.Error()}, nil
	}
	if typescript {
		env = append(env, "PULUMI_NODEJS_TYPESCRIPT=true")
	}
	if tsconfig != "" {
		env = append(env, "PULUMI_NODEJS_TSCONFIG_PATH="+tsconfig)
	}

	// Not CommandContext: if the engine cancels, the program must still finish its in-flight resource
	// operations; the engine tears the monitor down and the program then exits on its own.
	cmd := exec.Command(node, args...)
	cmd.Dir = pwd
	cmd.Env = env
	cmd.Stdout = os.Stdout
	cmd.Stderr = os.Stderr
	err = h.runProgram(cmd)

	var exitErr *exec.ExitError
	switch {
	case err == nil:
		return &pulumirpc.RunResponse{}, nil
	case errors.As(err, &exitErr):
		if status, ok := exitErr.Sys().(syscall.WaitStatus); ok && status.Signaled() {
			return &pulumirpc.RunResponse{Error: fmt.Sprintf("program was terminated by signal %v", status.Signal())}, nil
		}
		if exitErr.ExitCode() == exitCodeBail {
			return &pulumirpc.RunResponse{Bail: true}, nil
		}
		return &pulumirpc.RunResponse{
			Error: fmt.Sprintf("Program exited with non-zero exit code: %d", exitErr.ExitCode()),
		}, nil
	default:
		return nil, fmt.Errorf("starting %s: %w", node, err)
	}
}

// typescriptOptions reads the runtime options `typescript` and `tsconfig` of Pulumi.yaml as upstream's host does
// (parseOptions in sdk/nodejs/cmd/pulumi-language-nodejs/main.go): TypeScript is on unless `typescript: false` is
// written, so a project whose Pulumi.yaml has no `options` runs its .ts program through ts-node like it would with
// Pulumi's own CLI. Only "true" is ever passed on (cmd/run tests PULUMI_NODEJS_TYPESCRIPT === "true"); like
// upstream, false leaves the variable as the environment has it. A value of the wrong type is an error.
func typescriptOptions(opts map[string]any) (typescript bool, tsconfig string, err error) {
	typescript = true
	if value, ok := opts["typescript"]; ok {
		ts, isBool := value.(bool)
		if !isBool {
			return false, "", errors.New("typescript option must be a boolean")
		}
		typescript = ts
	}
	if value, ok := opts["tsconfig"]; ok {
		path, isString := value.(string)
		if !isString {
			return false, "", errors.New("tsconfigpath option must be a string")
		}
		tsconfig = path
	}
	return typescript, tsconfig, nil
}

// resolveRunScript finds @pulumi/pulumi/cmd/run as the program itself would resolve it (from its directory, with
// the caller's NODE_OPTIONS such as --preserve-symlinks), so the program and cmd/run share one @pulumi/pulumi.
func resolveRunScript(ctx context.Context, node, dir string) (string, error) {
	var stderr bytes.Buffer
	cmd := exec.CommandContext(ctx, node, "-e", `process.stdout.write(require.resolve("@pulumi/pulumi/cmd/run"))`)
	cmd.Dir = dir
	cmd.Stderr = &stderr
	out, err := cmd.Output()
	if err != nil {
		return "", fmt.Errorf("could not find @pulumi/pulumi/cmd/run from %s (is @pulumi/pulumi installed? "+
			"run `npm install`): %v: %s", dir, err, strings.TrimSpace(stderr.String()))
	}
	return filepath.Clean(strings.TrimSpace(string(out))), nil
}

func marshalJSON(v any) (string, error) {
	b, err := json.Marshal(v)
	return string(b), err
}
