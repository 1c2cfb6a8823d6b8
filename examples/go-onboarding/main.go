// Command go-onboarding onboards Partner Center customers from a Go program: the generated Go SDK
// (github.com/partnercenter-pulumi/sdk/go/partnercenter) in an Automation API inline program, run by the Pulumi CLI
// with the provider plugin pulumi-resource-partnercenter. No Go language host is needed: the program runs in this
// process.
//
// The customers come from a JSON file (customers.json here). A customer with an "import" id already exists in
// Partner Center: it is imported into the stack (pulumi.Import) instead of created, and its entry must describe it
// as it is (the engine refuses an import whose inputs differ). After `up`, a preview must show no changes.
//
//	go run . -customers customers.json -stack dev -plugin-dir /path/to/node_modules/pulumi-partnercenter/bin
//
// The provider reads its settings from PARTNERCENTER_* environment variables (PARTNERCENTER_ENDPOINT,
// PARTNERCENTER_TENANT_ID, PARTNERCENTER_CLIENT_ID, PARTNERCENTER_CLIENT_SECRET, PARTNERCENTER_REFRESH_TOKEN, ...),
// which never enter state. The stack's state goes where PULUMI_BACKEND_URL says (e.g. file://$PWD/.state), its
// secrets encrypted with PULUMI_CONFIG_PASSPHRASE. The last line printed is the stack's outputs as JSON.
package main

import (
	"context"
	"encoding/json"
	"flag"
	"fmt"
	"os"
	"path/filepath"

	"github.com/partnercenter-pulumi/sdk/go/partnercenter"
	"github.com/pulumi/pulumi/sdk/v3/go/auto"
	"github.com/pulumi/pulumi/sdk/v3/go/auto/optdestroy"
	"github.com/pulumi/pulumi/sdk/v3/go/auto/optpreview"
	"github.com/pulumi/pulumi/sdk/v3/go/auto/optup"
	"github.com/pulumi/pulumi/sdk/v3/go/common/tokens"
	"github.com/pulumi/pulumi/sdk/v3/go/common/workspace"
	"github.com/pulumi/pulumi/sdk/v3/go/pulumi"
)

// Address is a customer's billing address.
type Address struct {
	FirstName    string `json:"firstName"`
	LastName     string `json:"lastName"`
	AddressLine1 string `json:"addressLine1"`
	City         string `json:"city"`
	State        string `json:"state,omitempty"`
	PostalCode   string `json:"postalCode,omitempty"`
	Country      string `json:"country"`
	PhoneNumber  string `json:"phoneNumber,omitempty"`
}

// Customer is one entry of the customers file.
type Customer struct {
	Name        string  `json:"name"`
	Domain      string  `json:"domain"`
	CompanyName string  `json:"companyName"`
	Email       string  `json:"email"`
	Culture     string  `json:"culture"`
	Language    string  `json:"language"`
	Address     Address `json:"address"`
	// The Partner Center customer id of a customer that already exists: imported, not created.
	Import string `json:"import,omitempty"`
}

// Spec is the customers file.
type Spec struct {
	ResellerID string     `json:"resellerId"`
	Customers  []Customer `json:"customers"`
}

// optional is nil for "" (an input left unset), else the string.
func optional(s string) pulumi.StringPtrInput {
	if s == "" {
		return nil
	}
	return pulumi.StringPtr(s)
}

// program declares every customer of the spec.
func program(spec Spec) pulumi.RunFunc {
	return func(ctx *pulumi.Context) error {
		for _, c := range spec.Customers {
			var opts []pulumi.ResourceOption
			if c.Import != "" {
				opts = append(opts, pulumi.Import(pulumi.ID(c.Import)))
			}
			customer, err := partnercenter.NewIndirectResellerCustomer(ctx, c.Name, &partnercenter.IndirectResellerCustomerArgs{
				AssociatedPartnerId: pulumi.String(spec.ResellerID),
				CompanyProfile:      partnercenter.IndirectResellerCustomerCompanyProfileArgs{Domain: pulumi.String(c.Domain)},
				BillingProfile: partnercenter.IndirectResellerCustomerBillingProfileArgs{
					Email:       pulumi.String(c.Email),
					Culture:     pulumi.String(c.Culture),
					Language:    pulumi.String(c.Language),
					CompanyName: pulumi.String(c.CompanyName),
					DefaultAddress: partnercenter.IndirectResellerCustomerBillingProfileDefaultAddressArgs{
						FirstName:    pulumi.String(c.Address.FirstName),
						LastName:     pulumi.String(c.Address.LastName),
						AddressLine1: pulumi.String(c.Address.AddressLine1),
						City:         pulumi.String(c.Address.City),
						State:        optional(c.Address.State),
						PostalCode:   optional(c.Address.PostalCode),
						Country:      pulumi.String(c.Address.Country),
						PhoneNumber:  optional(c.Address.PhoneNumber),
					},
				},
				// The default: destroy leaves the customer in Partner Center.
				OnDelete: pulumi.StringPtr("retain"),
			}, opts...)
			if err != nil {
				return err
			}
			ctx.Export(c.Name+"CustomerId", customer.CustomerId)
			ctx.Export(c.Name+"TenantId", customer.TenantId)
		}
		return nil
	}
}

func run() error {
	customersFile := flag.String("customers", "customers.json", "the customers file (JSON)")
	stackName := flag.String("stack", "dev", "the stack")
	pluginDir := flag.String("plugin-dir", os.Getenv("PARTNERCENTER_PLUGIN_DIR"),
		"the directory of pulumi-resource-partnercenter (node_modules/pulumi-partnercenter/bin)")
	destroy := flag.Bool("destroy", false, "destroy the stack instead (customers stay in Partner Center: onDelete retain)")
	flag.Parse()

	data, err := os.ReadFile(*customersFile)
	if err != nil {
		return err
	}
	var spec Spec
	if err := json.Unmarshal(data, &spec); err != nil {
		return fmt.Errorf("%s: %w", *customersFile, err)
	}
	if *pluginDir == "" {
		return fmt.Errorf("-plugin-dir (or PARTNERCENTER_PLUGIN_DIR) must name the directory of pulumi-resource-partnercenter")
	}
	dir, err := filepath.Abs(*pluginDir)
	if err != nil {
		return err
	}

	ctx := context.Background()
	project := workspace.Project{
		Name:    tokens.PackageName("go-onboarding"),
		Runtime: workspace.NewProjectRuntimeInfo("go", nil),
		// The plugin from the npm package, by path: nothing is downloaded.
		Plugins: &workspace.Plugins{Providers: []workspace.PluginOptions{{Name: "partnercenter", Path: dir}}},
	}
	stack, err := auto.UpsertStackInlineSource(ctx, *stackName, "go-onboarding", program(spec), auto.Project(project))
	if err != nil {
		return err
	}
	if *destroy {
		_, err := stack.Destroy(ctx, optdestroy.ProgressStreams(os.Stderr))
		return err
	}
	up, err := stack.Up(ctx, optup.ProgressStreams(os.Stderr))
	if err != nil {
		return err
	}
	// What was created or imported is what the program declares: the next preview has nothing to do.
	if _, err := stack.Preview(ctx, optpreview.ExpectNoChanges(), optpreview.ProgressStreams(os.Stderr)); err != nil {
		return fmt.Errorf("the preview after up is not empty: %w", err)
	}
	outputs := map[string]interface{}{}
	for key, value := range up.Outputs {
		outputs[key] = value.Value
	}
	text, err := json.Marshal(outputs)
	if err != nil {
		return err
	}
	fmt.Println(string(text))
	return nil
}

func main() {
	if err := run(); err != nil {
		fmt.Fprintln(os.Stderr, "go-onboarding:", err)
		os.Exit(1)
	}
}
