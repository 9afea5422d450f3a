# whmcs-eracuni: `make demo` and `make test` work on a fresh Debian/Ubuntu machine
# (as root or with sudo); they install what is missing first.
SHELL    := /bin/bash
export PATH := /usr/local/go/bin:$(PATH)
export LANG := en_US.UTF-8
BIN      := bin/whmcs-eracuni
GOTEST   := go test -race -tags ci

APT_BUILD := gcc libc6-dev pkg-config libgl1-mesa-dev libx11-dev libxcursor-dev libxrandr-dev \
             libxinerama-dev libxi-dev libxxf86vm-dev
APT_RUN   := dbus dbus-x11 libgl1-mesa-dri
APT_TEST  := $(APT_BUILD) $(APT_RUN) xvfb xauth x11-utils xdotool imagemagick gnome-keyring libsecret-tools

.PHONY: demo run build test deps-build deps-test vet unit keyring fuzz packages package-linux package-windows fyne-cli

demo: build ## open the app on its built-in demo shop
	$(BIN) demo

run: build ## open the app on your own data
	$(BIN)

build: deps-build
	go build -o $(BIN) .

deps-build:
	@scripts/go-ensure
	@scripts/apt-ensure $(APT_BUILD) $(APT_RUN)

deps-test:
	@scripts/go-ensure
	@scripts/apt-ensure $(APT_TEST)

test: deps-test vet unit keyring fuzz packages ## the whole suite, as CI runs it
	@echo "make test: all passed"

vet:
	@test -z "$$(gofmt -l $$(git ls-files '*.go'))" || { echo "gofmt needed:"; gofmt -l $$(git ls-files '*.go'); exit 1; }
	go vet -tags ci ./...
	@# The Fyne-free packages (with their tests) must build on Windows too (macOS
	@# shares the unix files with Linux); about 25 s with a cold build cache.
	GOOS=windows go vet ./cli/... ./store/... ./sync/... ./internal/... ./scripts/...

# Unit, integration (real HTTP to the test doubles on 127.0.0.1, real bbolt
# files) and headless GUI tests (-tags ci: Fyne's software driver, no display).
unit:
	$(GOTEST) ./...

# The go-keyring backend against a real Secret Service (GNOME Keyring).
keyring:
	KEYRING_IT=1 scripts/with-keyring $(GOTEST) -run Keyring -count=1 ./store/

fuzz: ## every fuzz target, a fixed number of executions each (scripts/fuzz-short)
	@scripts/fuzz-short

# Packages. Linux: fyne's tar.xz (binary, .desktop file, icon, install
# Makefile) around the binary `build` made, so GLFW is not compiled twice.
# Windows: cross-compiled with Debian's mingw-w64, icon embedded by fyne.
FYNE = $$(go env GOPATH)/bin/fyne
packages: package-linux package-windows

fyne-cli:
	@test -x $(FYNE) || GOFLAGS= go install fyne.io/tools/cmd/fyne@v1.7.4

package-linux: build fyne-cli
	FYNE=$(FYNE) scripts/package linux $(BIN)

package-windows: deps-build fyne-cli
	@scripts/apt-ensure gcc-mingw-w64-x86-64
	FYNE=$(FYNE) scripts/package windows

# PNGs of every screen in docs/screenshots/: the real binary in demo mode on
# a virtual display (Xvfb) in its own D-Bus session; see scripts/screenshots.
.PHONY: screenshots
screenshots: deps-build
	@scripts/apt-ensure xvfb xauth x11-utils xdotool imagemagick dbus
	scripts/screenshots

# docs/RELIABILITY.md: the crash loop, the fault matrix, every fuzz target
# (FUZZTIME each), a 20,000-order scale run and the history benchmark,
# measured again and written; see scripts/reliability.
.PHONY: reliability
reliability: deps-test
	scripts/reliability
