package main

import (
	"bytes"
	"encoding/json"
	"fmt"
	"io"
	"strings"
	"text/template"

	"github.com/itchyny/gojq"
	"github.com/spf13/cobra"

	"github.com/licensesync/licensesync/client/frontend"
	"github.com/licensesync/licensesync/client/textsafe"
	"github.com/licensesync/licensesync/cmd/licensesync/output"
	"github.com/licensesync/licensesync/cmd/licensesync/usage"
)

// jsonOutput is a command's --json, with --jq EXPR and --template TEXT on top, as gh has
// them: --jq filters the JSON with a jq expression (gojq, the implementation gh uses) and
// prints strings raw and everything else as JSON; --template renders the JSON with Go's
// text/template. Either implies --json. Strings from the API are sanitized before they
// reach the terminal raw (in JSON they stay escaped, see writeJSON).
type jsonOutput struct {
	enabled  bool
	jq       string
	template string

	query *gojq.Code
	tmpl  *template.Template
}

// register adds --json (described by what), --jq and --template to cmd, and checks the
// expression and the template before the command asks any server anything. jqExample
// and templateExample are shown in --help: each fits this command's JSON.
func (o *jsonOutput) register(cmd *cobra.Command, what, jqExample, templateExample string) {
	cmd.Flags().BoolVar(&o.enabled, "json", false, what)
	cmd.Flags().StringVarP(&o.jq, "jq", "q", "", "filter the JSON with a jq expression (implies --json), e.g. '"+jqExample+"'")
	cmd.Flags().StringVarP(&o.template, "template", "t", "", "render the JSON with a Go template (implies --json), e.g. '"+templateExample+"'")
	cmd.MarkFlagsMutuallyExclusive("jq", "template")
	prev := cmd.PreRunE
	cmd.PreRunE = func(c *cobra.Command, args []string) error {
		if err := o.compile(); err != nil {
			return err
		}
		if prev != nil {
			return prev(c, args)
		}
		return nil
	}
}

// wanted reports whether the command prints JSON (or a view of it) instead of text.
func (o *jsonOutput) wanted() bool { return o.enabled || o.jq != "" || o.template != "" }

// filtered reports whether --jq or --template reshapes the JSON.
func (o *jsonOutput) filtered() bool { return o.query != nil || o.tmpl != nil }

// compile parses --jq and --template, so that a typo is a usage error before any request.
func (o *jsonOutput) compile() error {
	if o.jq != "" {
		parsed, err := gojq.Parse(o.jq)
		if err != nil {
			return usage.Errorf("--jq %q: %v (see https://jqlang.github.io/jq/manual/)", o.jq, err)
		}
		if o.query, err = gojq.Compile(parsed); err != nil {
			return usage.Errorf("--jq %q: %v (see https://jqlang.github.io/jq/manual/)", o.jq, err)
		}
	}
	if o.template != "" {
		t, err := template.New("--template").Funcs(templateFuncs).Option("missingkey=zero").Parse(o.template)
		if err != nil {
			return usage.Errorf("%v (see https://pkg.go.dev/text/template)", err)
		}
		o.tmpl = t
	}
	return nil
}

// templateFuncs are the helpers a --template can call besides text/template's own.
var templateFuncs = template.FuncMap{
	// join joins a list of values with sep: {{join ", " .enterprise_server_emails}}.
	"join": func(sep string, list []any) string {
		parts := make([]string, len(list))
		for i, v := range list {
			parts[i] = fmt.Sprint(v)
		}
		return strings.Join(parts, sep)
	},
	// thousands writes a number as the human output does: 12,345.
	"thousands": func(v any) string {
		if f, ok := v.(float64); ok {
			return frontend.Thousands(int(f))
		}
		return fmt.Sprint(v)
	},
}

// write prints v as the flags ask: JSON, the --jq results or the rendered --template.
func (o *jsonOutput) write(w io.Writer, v any) error {
	if !o.filtered() {
		return output.WriteJSON(w, v)
	}
	raw, err := json.Marshal(v)
	if err != nil {
		return err
	}
	var data any
	if err := json.Unmarshal(raw, &data); err != nil {
		return err
	}
	if o.tmpl != nil {
		var buf bytes.Buffer
		if err := o.tmpl.Execute(&buf, sanitizeTree(data)); err != nil {
			return usage.Errorf("--template: %v", err)
		}
		_, err := w.Write(buf.Bytes())
		return err
	}
	iter := o.query.Run(data)
	for {
		out, ok := iter.Next()
		if !ok {
			return nil
		}
		if err, isErr := out.(error); isErr {
			return usage.Errorf("--jq %q: %v", o.jq, err)
		}
		if s, isString := out.(string); isString {
			if _, err := fmt.Fprintln(w, sanitizeLines(s)); err != nil {
				return err
			}
			continue
		}
		if err := output.WriteJSON(w, out); err != nil {
			return err
		}
	}
}

// sanitizeTree returns the decoded JSON with every string sanitized for a terminal.
func sanitizeTree(v any) any {
	switch t := v.(type) {
	case string:
		return textsafe.Sanitize(t)
	case []any:
		for i := range t {
			t[i] = sanitizeTree(t[i])
		}
	case map[string]any:
		for k, e := range t {
			t[k] = sanitizeTree(e)
		}
	}
	return v
}

// sanitizeLines sanitizes each line of a string a jq expression built, keeping its line
// breaks (`join("\n")` is a common way to print a list).
func sanitizeLines(s string) string {
	lines := strings.Split(s, "\n")
	for i, l := range lines {
		lines[i] = textsafe.Sanitize(l)
	}
	return strings.Join(lines, "\n")
}
