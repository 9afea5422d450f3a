package whmcs

import (
	"bytes"
	"context"
	"encoding/json"
	"net/url"
	"strconv"
	"strings"
)

// Client is a WHMCS client (the customer), as GetClientsDetails reports it.
type Client struct {
	ID           int64
	FirstName    string
	LastName     string
	CompanyName  string
	Email        string
	Address1     string
	Address2     string
	City         string
	State        string
	PostCode     string
	Country      string // ISO 3166 alpha-2, e.g. "SI"
	Phone        string // formatted, e.g. "+386.41234567"
	TaxID        string // VAT number, e.g. "SI12345678"; "" for most individuals
	CurrencyCode string // e.g. "EUR"
	Language     string
	TaxExempt    bool
}

// Name is the company name when there is one, else "First Last".
func (c Client) Name() string {
	if c.CompanyName != "" {
		return c.CompanyName
	}
	return strings.TrimSpace(c.FirstName + " " + c.LastName)
}

// Client reads one client by id.
func (a *API) Client(ctx context.Context, id int64) (Client, error) {
	sid := strconv.FormatInt(id, 10)
	if id <= 0 {
		return Client{}, newError(KindNotFound, "GetClientsDetails", msgNotFound.With("what", "client", "id", sid))
	}
	p := url.Values{"clientid": {sid}}
	body, err := a.call(ctx, "GetClientsDetails", p, subject{noun: "client", id: sid, what: "client " + sid})
	if err != nil {
		return Client{}, err
	}
	c, err := decodeClient(body)
	return c, a.scrub(err)
}

type wireClient struct {
	ID          jInt  `json:"id"`
	ClientID    jInt  `json:"client_id"`
	UserID      jInt  `json:"userid"`
	FirstName   jText `json:"firstname"`
	LastName    jText `json:"lastname"`
	CompanyName jText `json:"companyname"`
	Email       jText `json:"email"`
	Address1    jText `json:"address1"`
	Address2    jText `json:"address2"`
	City        jText `json:"city"`
	State       jText `json:"state"`
	FullState   jText `json:"fullstate"`
	PostCode    jText `json:"postcode"`
	CountryCode jText `json:"countrycode"`
	Country     jText `json:"country"`
	PhoneFmt    jText `json:"phonenumberformatted"`
	Telephone   jText `json:"telephoneNumber"`
	PhoneNumber jText `json:"phonenumber"`
	PhoneCC     jText `json:"phonecc"`
	TaxID       jText `json:"tax_id"`
	Currency    jText `json:"currency_code"`
	Language    jText `json:"language"`
	TaxExempt   jBool `json:"taxexempt"`
}

type wireClientAnswer struct {
	wireClient
	Client json.RawMessage `json:"client"`
}

// decodeClient reads a GetClientsDetails success body. The fields come
// twice, at the top level (legacy) and under "client"; the nested copy wins
// when it is there, the top level serves versions without it.
func decodeClient(body []byte) (Client, error) {
	var w wireClientAnswer
	if err := json.Unmarshal(body, &w); err != nil {
		return Client{}, newError(KindBadData, "GetClientsDetails", msgBadValue.With(
			"what", "the answer to GetClientsDetails", "field", "client", "value", clip(err.Error(), 80)))
	}
	src := w.wireClient
	if nested := bytes.TrimSpace(w.Client); len(nested) > 0 && nested[0] == '{' {
		var n wireClient
		if json.Unmarshal(nested, &n) == nil && (firstID(n) != 0 || n.Email != "" || n.FirstName != "") {
			src = n
		}
	}
	id := firstID(src)
	r := reader{action: "GetClientsDetails", what: "client " + strconv.FormatInt(id, 10)}
	for _, f := range []struct {
		name string
		v    jInt
	}{{"id", src.ID}, {"client_id", src.ClientID}, {"userid", src.UserID}} {
		r.int(f.name, f.v)
	}
	c := Client{
		ID:           id,
		FirstName:    src.FirstName.human(),
		LastName:     src.LastName.human(),
		CompanyName:  src.CompanyName.human(),
		Email:        src.Email.plain(),
		Address1:     src.Address1.human(),
		Address2:     src.Address2.human(),
		City:         src.City.human(),
		State:        firstText(src.State, src.FullState),
		PostCode:     src.PostCode.plain(),
		Country:      strings.ToUpper(firstText(src.CountryCode, src.Country)),
		Phone:        phone(src),
		TaxID:        strings.TrimSpace(src.TaxID.human()),
		CurrencyCode: strings.ToUpper(src.Currency.plain()),
		Language:     src.Language.plain(),
		TaxExempt:    bool(src.TaxExempt),
	}
	if r.err != nil {
		return Client{}, r.err
	}
	return c, nil
}

func firstID(w wireClient) int64 {
	for _, v := range []jInt{w.ID, w.ClientID, w.UserID} {
		if v.v != 0 {
			return v.v
		}
	}
	return 0
}

func firstText(vs ...jText) string {
	for _, v := range vs {
		if s := v.human(); s != "" {
			return s
		}
	}
	return ""
}

// phone prefers WHMCS's own "+386.41234567" form and builds it from the
// country code and number for versions that lack it.
func phone(w wireClient) string {
	if s := firstText(w.PhoneFmt, w.Telephone); s != "" {
		return s
	}
	num, cc := w.PhoneNumber.plain(), strings.TrimPrefix(w.PhoneCC.plain(), "+")
	if num == "" || cc == "" || strings.HasPrefix(num, "+") {
		return num
	}
	return "+" + cc + "." + strings.TrimLeft(num, "0")
}
