// Command consoleexe writes a console copy of a Windows GUI executable.
//
// The released Windows program is built as a GUI program (-H=windowsgui) so
// a double click opens no console window beside it. Windows then does not
// connect it to the console it was typed in: `whmcs-eracuni sync` in cmd or
// PowerShell would print nothing and return before it ends, and its exit
// code would be lost. The console copy is the same file with one field
// changed, the PE subsystem (GUI → console), so it keeps the icon and the
// app metadata and costs no second build.
//
//	go run ./scripts/consoleexe GUI.exe CONSOLE.exe
package main

import (
	"bytes"
	"debug/pe"
	"encoding/binary"
	"errors"
	"fmt"
	"os"
)

func main() {
	if len(os.Args) != 3 {
		fmt.Fprintln(os.Stderr, "usage: consoleexe GUI.exe CONSOLE.exe")
		os.Exit(2)
	}
	data, err := os.ReadFile(os.Args[1])
	if err == nil {
		data, err = toConsole(data)
	}
	if err == nil {
		err = os.WriteFile(os.Args[2], data, 0o755)
	}
	if err != nil {
		fmt.Fprintf(os.Stderr, "consoleexe: %s: %v\n", os.Args[1], err)
		os.Exit(1)
	}
}

// subsystemOffset is where Subsystem sits in the optional header, the same
// in PE32 and PE32+.
const subsystemOffset = 68

// toConsole returns a copy of a GUI executable marked as a console one.
func toConsole(exe []byte) ([]byte, error) {
	if got, err := subsystem(exe); err != nil {
		return nil, err
	} else if got != pe.IMAGE_SUBSYSTEM_WINDOWS_GUI {
		return nil, fmt.Errorf("subsystem %d, want a GUI executable (%d)", got, pe.IMAGE_SUBSYSTEM_WINDOWS_GUI)
	}
	out := bytes.Clone(exe)
	at := optionalHeader(out) + subsystemOffset
	binary.LittleEndian.PutUint16(out[at:], pe.IMAGE_SUBSYSTEM_WINDOWS_CUI)
	if got, err := subsystem(out); err != nil || got != pe.IMAGE_SUBSYSTEM_WINDOWS_CUI {
		return nil, fmt.Errorf("the copy reads back as subsystem %d (%v)", got, err)
	}
	return out, nil
}

// optionalHeader is the optional header's offset: after the PE signature
// (found at 0x3c) and the 20-byte file header.
func optionalHeader(exe []byte) int {
	return int(binary.LittleEndian.Uint32(exe[0x3c:])) + 4 + 20
}

// subsystem reads the subsystem with debug/pe, which also proves the bytes
// are a well-formed PE file before anything is changed.
func subsystem(exe []byte) (uint16, error) {
	f, err := pe.NewFile(bytes.NewReader(exe))
	if err != nil {
		return 0, err
	}
	defer f.Close()
	switch h := f.OptionalHeader.(type) {
	case *pe.OptionalHeader64:
		return h.Subsystem, nil
	case *pe.OptionalHeader32:
		return h.Subsystem, nil
	}
	return 0, errors.New("no optional header")
}
