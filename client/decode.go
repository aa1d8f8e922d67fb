package client

import (
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"reflect"
	"strconv"
	"strings"
	"time"
)

// errNotObject is returned by decodeLenient for a body that is not a JSON object.
var errNotObject = errors.New("not a JSON object")

// decodeLenient decodes the JSON object in data into the struct dst points to. It first
// tries encoding/json; when a field has a shape it cannot take (a string where a number
// is declared, an odd date, "" for a boolean) it starts over field by field and keeps
// every field that fits, converting what it safely can (numeric strings, any date
// format ParseTime knows). A body that is not what dst is (an object for a struct, a
// list for a slice: null included) is an error.
func decodeLenient(data []byte, dst any) error {
	_, err := decodeLenientReport(data, dst)
	return err
}

// decodeReport says what a lenient decode had to leave out, so that it can be said
// rather than shown as an empty list: list items of the wrong shape, and lists that
// came as something else (counted once per list).
type decodeReport struct {
	droppedItems int
	notLists     []string // JSON names of fields that should have been lists
}

// decodeLenientReport is decodeLenient that also says what it left out.
func decodeLenientReport(data []byte, dst any) (decodeReport, error) {
	var rep decodeReport
	rv := reflect.ValueOf(dst).Elem()
	if err := checkTopShape(data, rv.Kind()); err != nil {
		return rep, err
	}
	if err := json.Unmarshal(data, dst); err == nil {
		return rep, nil
	}
	rv.SetZero()
	return rep, (&lenient{report: &rep}).set(rv, data, "")
}

// checkTopShape refuses a body whose JSON type is not the one dst needs.
func checkTopShape(data []byte, k reflect.Kind) error {
	b := bytes.TrimSpace(data)
	want, name := byte('{'), "a JSON object"
	if k == reflect.Slice {
		want, name = '[', "a JSON list"
	}
	if k != reflect.Struct && k != reflect.Slice && k != reflect.Map {
		return nil
	}
	if len(b) > 0 && b[0] != want && json.Valid(b) {
		what := "a JSON " + jsonTypeName(b[0])
		return fmt.Errorf("the answer is %s, not %s", what, name)
	}
	return nil
}

// jsonTypeName names the JSON type a value starting with c has.
func jsonTypeName(c byte) string {
	switch c {
	case 'n':
		return "null"
	case '{':
		return "object"
	case '[':
		return "list"
	case '"':
		return "string"
	case 't', 'f':
		return "boolean"
	}
	return "number"
}

// lenient is one lenient decode and its report.
type lenient struct{ report *decodeReport }

// set stores raw into v as best it can, reporting what it leaves out; it fails only
// when raw is not valid JSON or, for a struct, not an object. field is v's JSON name
// in its struct ("" elsewhere).
func (l *lenient) set(v reflect.Value, raw json.RawMessage, field string) error {
	if !json.Valid(raw) {
		return errors.New("invalid JSON")
	}
	if json.Unmarshal(raw, v.Addr().Interface()) == nil {
		return nil
	}
	v.SetZero()
	switch {
	case v.Kind() == reflect.Struct && v.Type() != reflect.TypeFor[time.Time]() && !hasUnmarshaler(v):
		var fields map[string]json.RawMessage
		if json.Unmarshal(raw, &fields) != nil {
			return errNotObject
		}
		l.setFields(v, fields)
	case v.Kind() == reflect.Slice:
		var items []json.RawMessage
		if json.Unmarshal(raw, &items) != nil {
			// A scalar where a list belongs: the list stays empty, and is reported
			// (null is an empty list, as GitHub sends it).
			if !isNull(raw) && field != "" {
				l.report.notLists = append(l.report.notLists, field)
			}
			return nil
		}
		out := reflect.MakeSlice(v.Type(), 0, len(items))
		for _, item := range items {
			elem := reflect.New(v.Type().Elem()).Elem()
			if elem.Kind() == reflect.Struct && isNull(item) {
				l.report.droppedItems++ // null where an object belongs: nothing to keep
				continue
			}
			if l.set(elem, item, "") == nil {
				out = reflect.Append(out, elem)
			} else {
				l.report.droppedItems++
			}
		}
		v.Set(out)
	case v.Kind() == reflect.Map && v.Type().Key().Kind() == reflect.String:
		var entries map[string]json.RawMessage
		if json.Unmarshal(raw, &entries) != nil {
			return nil
		}
		out := reflect.MakeMapWithSize(v.Type(), len(entries))
		for k, item := range entries {
			elem := reflect.New(v.Type().Elem()).Elem()
			if l.set(elem, item, "") == nil {
				out.SetMapIndex(reflect.ValueOf(k).Convert(v.Type().Key()), elem)
			}
		}
		v.Set(out)
	case v.Kind() == reflect.Pointer:
		if isNull(raw) {
			return nil
		}
		elem := reflect.New(v.Type().Elem())
		_ = l.set(elem.Elem(), raw, field)
		if !elem.Elem().IsZero() || bytes.Equal(bytes.TrimSpace(raw), []byte(`""`)) {
			v.Set(elem)
		}
	default:
		setScalar(v, raw)
	}
	return nil
}

// setFields decodes each known field of struct v from its raw JSON, skipping misfits.
func (l *lenient) setFields(v reflect.Value, fields map[string]json.RawMessage) {
	t := v.Type()
	for i := range t.NumField() {
		f := t.Field(i)
		name, _, _ := strings.Cut(f.Tag.Get("json"), ",")
		if !f.IsExported() || name == "-" {
			continue
		}
		if name == "" {
			name = f.Name
		}
		raw, ok := fields[name]
		if !ok {
			for k, r := range fields {
				if strings.EqualFold(k, name) {
					raw, ok = r, true
					break
				}
			}
		}
		if ok {
			_ = l.set(v.Field(i), raw, name)
		}
	}
}

// setScalar converts the few shapes we know to be safe: numeric strings into numbers,
// numbers and booleans into strings, any known date format into a time.
func setScalar(v reflect.Value, raw json.RawMessage) {
	var s string
	str := json.Unmarshal(raw, &s) == nil
	if !str {
		s = string(bytes.TrimSpace(raw))
	}
	switch v.Kind() {
	case reflect.Int, reflect.Int64, reflect.Int32:
		if n, err := strconv.ParseInt(strings.TrimSpace(s), 10, 64); err == nil {
			v.SetInt(n)
		} else if f, err := strconv.ParseFloat(strings.TrimSpace(s), 64); err == nil && f == float64(int64(f)) {
			v.SetInt(int64(f))
		}
	case reflect.String:
		if !isNull(raw) && (str || !strings.ContainsAny(s, "{[")) {
			v.SetString(s)
		}
	case reflect.Bool:
		if b, err := strconv.ParseBool(strings.TrimSpace(s)); err == nil {
			v.SetBool(b)
		}
	case reflect.Struct:
		if v.Type() == reflect.TypeFor[time.Time]() && str {
			if t, err := ParseTime(s); err == nil {
				v.Set(reflect.ValueOf(t))
			}
		}
	}
}

// hasUnmarshaler reports a type with its own JSON decoding (Seats, FlexBool): those
// are left at zero when they refuse a value rather than picked apart.
func hasUnmarshaler(v reflect.Value) bool {
	_, ok := v.Addr().Interface().(json.Unmarshaler)
	return ok
}

func isNull(raw json.RawMessage) bool {
	return bytes.Equal(bytes.TrimSpace(raw), []byte("null"))
}

// decodeBody decodes a successful reply into dst leniently, turning an HTML page or a
// body that is not JSON into a KindBadResponse error that names the server.
func (c *Client) decodeBody(r request, rep *reply, dst any) error {
	_, err := c.decodeBodyReport(r, rep, dst)
	return err
}

// decodeBodyReport is decodeBody that also says what the lenient decode left out.
func (c *Client) decodeBodyReport(r request, rep *reply, dst any) (decodeReport, error) {
	if err := c.checkItems(r, rep.body); err != nil {
		return decodeReport{}, err
	}
	report, err := decodeLenientReport(rep.body, dst)
	if err != nil {
		return report, c.badBody(r, rep.body, err)
	}
	return report, nil
}

// badBody is the KindBadResponse error for a body we cannot read.
func (c *Client) badBody(r request, body []byte, err error) *Error {
	base := c.baseLabel(r.side)
	e := &Error{Kind: KindBadResponse, Op: r.op, Status: 0, Err: err}
	switch {
	case looksHTML(body):
		e.Err = errors.New("got an HTML page")
		e.Hint = htmlHint(base)
	case len(bytes.TrimSpace(body)) == 0:
		e.Err = errors.New("got an empty answer")
		e.Hint = fmt.Sprintf("The server at %s answered with nothing; is a proxy in the way?", base)
	case json.Valid(body):
		e.Hint = fmt.Sprintf("The server at %s answered with JSON of another shape than GitHub's API sends; is a proxy in the way?", base)
	default:
		e.Err = errors.New("the answer is not complete JSON")
		e.Hint = fmt.Sprintf("The server at %s answered with something that is not GitHub's API (truncated or not JSON); is a proxy in the way?", base)
	}
	return e
}
