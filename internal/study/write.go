package study

import (
	"path/filepath"

	"github.com/google/renameio/v2"
)

// Page and Readme are the study page's file names in the study folder.
const (
	Page   = "index.html"
	Readme = "README.md"
)

// Write writes the study page (index.html and README.md) and its plots
// (plots/<scenario>-throughput and -memory, PNG and SVG) into s.Dir.
func Write(s *Study) error {
	for i, ps := range s.Pairs() {
		if err := savePlots(s.Dir, s.Runs[i].Name, ps); err != nil {
			return err
		}
	}
	blocks := s.blocks()
	if err := renameio.WriteFile(filepath.Join(s.Dir, Page), []byte(renderHTML(Title, blocks)), 0o644); err != nil {
		return err
	}
	return renameio.WriteFile(filepath.Join(s.Dir, Readme), []byte(renderMarkdown(Title, blocks)), 0o644)
}
