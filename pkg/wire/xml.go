package wire

import (
	"bytes"
	"encoding/xml"
	"errors"
	"fmt"
	"io"
	"strings"
)

// Limits on XML documents. Wire items are a few kilobytes; these bounds are
// far above any real item and keep memory and time linear in the input.
const (
	maxXMLDepth = 100
	maxXMLNodes = 200_000
)

// node is a minimal DOM: wire formats are small, deeply optional trees that
// are simpler to query than to stream, and building one is bounded by the
// input size limit.
type node struct {
	Name     string // local name, namespace prefix dropped
	Space    string // namespace URL
	Attr     []xml.Attr
	Children []*node
	// Text is the character data directly inside the element, pieces
	// separated from children keep their order through Content.
	Content []any // string or *node, in document order
}

// attr returns the value of the attribute with the given local name.
func (n *node) attr(local string) string {
	if n == nil {
		return ""
	}
	for _, a := range n.Attr {
		if a.Name.Local == local {
			return a.Value
		}
	}
	return ""
}

// child returns the first child element with the given local name.
func (n *node) child(local string) *node {
	if n == nil {
		return nil
	}
	for _, c := range n.Children {
		if c.Name == local {
			return c
		}
	}
	return nil
}

// path follows child elements by local name.
func (n *node) path(names ...string) *node {
	for _, name := range names {
		n = n.child(name)
		if n == nil {
			return nil
		}
	}
	return n
}

// all returns the child elements with the given local name.
func (n *node) all(local string) []*node {
	if n == nil {
		return nil
	}
	var out []*node
	for _, c := range n.Children {
		if c.Name == local {
			out = append(out, c)
		}
	}
	return out
}

// find returns the first descendant (depth first, self included) with the given local name.
func (n *node) find(local string) *node {
	if n == nil {
		return nil
	}
	if n.Name == local {
		return n
	}
	for _, c := range n.Children {
		if f := c.find(local); f != nil {
			return f
		}
	}
	return nil
}

// findAll returns every descendant (self included) with the given local name.
func (n *node) findAll(local string) []*node {
	var out []*node
	var walk func(*node)
	walk = func(m *node) {
		if m.Name == local {
			out = append(out, m)
		}
		for _, c := range m.Children {
			walk(c)
		}
	}
	if n != nil {
		walk(n)
	}
	return out
}

// text returns all character data under n, in order.
func (n *node) text() string {
	if n == nil {
		return ""
	}
	var b strings.Builder
	n.writeText(&b)
	return b.String()
}

func (n *node) writeText(b *strings.Builder) {
	for _, c := range n.Content {
		switch v := c.(type) {
		case string:
			b.WriteString(v)
		case *node:
			v.writeText(b)
		}
	}
}

var errDTD = errors.New("document type declarations with internal subsets or entity declarations are not accepted")

// parseXML decodes an XML document into a tree. data must already be UTF-8
// (the caller converted it with the document's declared charset), so the
// decoder's own charset handling is disabled. It refuses internal DTD subsets
// and entity declarations (billion laughs, XXE): encoding/xml never expands
// them or fetches external entities, but a wire item has no business carrying
// them, and refusing makes the failure explicit. HTML entities (&eacute;,
// &nbsp;), which feeds put in XML that never declared them, are resolved.
func parseXML(data []byte) (*node, error) {
	dec := xml.NewDecoder(bytes.NewReader(data))
	dec.Strict = true
	dec.Entity = xml.HTMLEntity
	dec.CharsetReader = func(_ string, r io.Reader) (io.Reader, error) { return r, nil }

	var root *node
	var stack []*node
	nodes := 0
	for {
		tok, err := dec.RawToken()
		if err == io.EOF {
			break
		}
		if err != nil {
			return nil, fmt.Errorf("malformed XML: %w", err)
		}
		switch t := tok.(type) {
		case xml.StartElement:
			nodes++
			if nodes > maxXMLNodes {
				return nil, fmt.Errorf("more than %d XML elements", maxXMLNodes)
			}
			if len(stack) >= maxXMLDepth {
				return nil, fmt.Errorf("XML nested deeper than %d elements", maxXMLDepth)
			}
			n := &node{Name: t.Name.Local, Space: t.Name.Space, Attr: t.Attr}
			if len(stack) == 0 {
				if root != nil {
					return nil, errors.New("malformed XML: more than one root element")
				}
				root = n
			} else {
				parent := stack[len(stack)-1]
				parent.Children = append(parent.Children, n)
				parent.Content = append(parent.Content, n)
			}
			stack = append(stack, n)
		case xml.EndElement:
			if len(stack) == 0 || stack[len(stack)-1].Name != t.Name.Local {
				return nil, fmt.Errorf("malformed XML: unexpected </%s>", t.Name.Local)
			}
			stack = stack[:len(stack)-1]
		case xml.CharData:
			if len(stack) > 0 {
				p := stack[len(stack)-1]
				p.Content = append(p.Content, string(t))
			} else if len(bytes.TrimSpace(t)) > 0 {
				return nil, errors.New("malformed XML: text outside the root element")
			}
		case xml.Directive:
			if bytes.ContainsAny(t, "[") || bytes.Contains(t, []byte("ENTITY")) {
				return nil, errDTD
			}
		}
	}
	if root == nil {
		return nil, errors.New("malformed XML: no root element")
	}
	if len(stack) > 0 {
		return nil, fmt.Errorf("truncated XML: <%s> not closed", stack[len(stack)-1].Name)
	}
	return root, nil
}

// xmlDeclaredCharset returns the encoding named in an XML declaration
// (<?xml version="1.0" encoding="iso-8859-1"?>), or "".
func xmlDeclaredCharset(data []byte) string {
	head := data
	if len(head) > 512 {
		head = head[:512]
	}
	head = bytes.TrimLeft(head, "\xef\xbb\xbf \t\r\n")
	if !bytes.HasPrefix(head, []byte("<?xml")) {
		return ""
	}
	end := bytes.Index(head, []byte("?>"))
	if end < 0 {
		return ""
	}
	decl := string(head[:end])
	i := strings.Index(decl, "encoding")
	if i < 0 {
		return ""
	}
	rest := strings.TrimLeft(decl[i+len("encoding"):], " \t\r\n=")
	if rest == "" || (rest[0] != '"' && rest[0] != '\'') {
		return ""
	}
	q := rest[0]
	rest = rest[1:]
	if j := strings.IndexByte(rest, q); j >= 0 {
		return rest[:j]
	}
	return ""
}
