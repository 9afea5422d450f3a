package cli_test

import "github.com/shopspring/decimal"

func decimalOf(s string) decimal.Decimal { return decimal.RequireFromString(s) }

func itoa(n int64) string { return decimal.NewFromInt(n).String() }
