package main

import (
	"fyne.io/fyne/v2/app"
	"fyne.io/fyne/v2/widget"
	_ "github.com/shopspring/decimal"
	_ "github.com/zalando/go-keyring"
	_ "go.etcd.io/bbolt"
	_ "golang.org/x/time/rate"
)

func main() {
	a := app.NewWithID("si.whmcs-eracuni")
	w := a.NewWindow("x")
	w.SetContent(widget.NewLabel("x"))
	w.ShowAndRun()
}
