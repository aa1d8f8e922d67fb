package metrics

import (
	"bytes"
	"io"

	"github.com/prometheus/client_golang/prometheus"
	"github.com/prometheus/common/expfmt"

	"github.com/licensesync/licensesync/client/atomicfile"
)

// Registry is a registry holding only r: no Go runtime or process metrics, which
// say nothing about licenses and would make a textfile collector's file noisy.
func Registry(r *Refresher) *prometheus.Registry {
	reg := prometheus.NewPedanticRegistry()
	reg.MustRegister(r)
	return reg
}

// WriteText writes the exposition of g in Prometheus' text format.
func WriteText(w io.Writer, g prometheus.Gatherer) error {
	families, err := g.Gather()
	if err != nil {
		return err
	}
	enc := expfmt.NewEncoder(w, expfmt.NewFormat(expfmt.TypeTextPlain))
	for _, f := range families {
		if err := enc.Encode(f); err != nil {
			return err
		}
	}
	return nil
}

// WriteTextFile writes the exposition of g to path atomically, so that
// node_exporter's textfile collector never reads half a file.
func WriteTextFile(path string, g prometheus.Gatherer) error {
	var b bytes.Buffer
	if err := WriteText(&b, g); err != nil {
		return err
	}
	// 0644: node_exporter usually runs as another user than the one who writes.
	return atomicfile.Write(path, b.Bytes(), 0o644)
}
