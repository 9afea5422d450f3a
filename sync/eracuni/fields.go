package eracuni

// This file is the one place that holds what we guessed about the e-računi
// wire format. The public wiki pages we could read stop after their opening
// section, so most names below come from third-party clients or from
// recordings of the Croatian tenant (see shared/reference/eracuni-api.md).
// Everything marked UNCONFIRMED must be checked in the API developer panel
// (https://e-racuni.com/obracuni/developer) and corrected here; the client
// and the test double (eracunitest) both read these names, so a correction
// here moves both at once and they cannot drift apart.

// Method names. Confirmed: they appear in the official SalesOrder and
// SalesInvoice method lists.
const (
	MethodSalesOrderCreate        = "SalesOrderCreate"
	MethodSalesOrderList          = "SalesOrderList"
	MethodSalesOrderCreateInvoice = "SalesOrderCreateInvoice"
	MethodSalesInvoiceList        = "SalesInvoiceList"
	MethodSalesInvoiceCreate      = "SalesInvoiceCreate"
)

// Request envelope keys. username, md5pass, token, method and parameters are
// confirmed by the official JSON example; secretKey is UNCONFIRMED (sent by
// many third-party clients instead of md5pass, never seen in official text).
const (
	KeyUsername   = "username"
	KeyMD5Pass    = "md5pass"
	KeySecretKey  = "secretKey" // UNCONFIRMED
	KeyToken      = "token"
	KeyMethod     = "method"
	KeyParameters = "parameters"
)

// ParamSalesOrder is the object parameter of SalesOrderCreate. Confirmed by
// the official (Croatian) JSON example.
const ParamSalesOrder = "SalesOrder"

// ParamSalesInvoice is the object parameter of SalesInvoiceCreate. Confirmed
// by the official SalesInvoice JSON example.
const ParamSalesInvoice = "SalesInvoice"

// Sales order fields. The buyer address fields, date, Items and the item's
// description/quantity/unit/netPrice are confirmed by the official example;
// every other name is UNCONFIRMED.
const (
	FieldDate            = "date"
	FieldBuyerName       = "buyerName"
	FieldBuyerStreet     = "buyerStreet"
	FieldBuyerPostalCode = "buyerPostalCode"
	FieldBuyerCity       = "buyerCity"
	FieldBuyerEMail      = "buyerEMail"
	FieldBuyerPhone      = "buyerPhone"
	FieldItems           = "Items"

	FieldBuyerCountry     = "buyerCountry"            // UNCONFIRMED on orders; ISO2 on recorded retail invoices
	FieldBuyerTaxNumber   = "buyerTaxNumber"          // UNCONFIRMED; named in a recorded invoice error
	FieldReference        = "referenceDocumentNumber" // UNCONFIRMED; carries the WHMCS order number (3P Spree job)
	FieldWarehouse        = "warehouseCode"           // UNCONFIRMED on orders; the Warehouse API's parameter name
	FieldCostCentre       = "costPosition"            // UNCONFIRMED on create; confirmed as a SalesOrderGet parameter
	FieldCurrency         = "currencyCode"            // UNCONFIRMED; recorded on invoices (3P uses "currency")
	FieldPaymentMethod    = "methodOfPayment"         // UNCONFIRMED on orders; recorded on invoices
	FieldDocumentLanguage = "documentLanguage"        // UNCONFIRMED; values "Slovene", "English"
	FieldRemarks          = "remarks"                 // UNCONFIRMED; the legal note printed on the document
)

// Item fields. description, quantity, unit and netPrice are confirmed.
const (
	ItemDescription   = "description"
	ItemQuantity      = "quantity"
	ItemUnit          = "unit"
	ItemNetPrice      = "netPrice"
	ItemGrossPrice    = "price"         // UNCONFIRMED on orders; recorded on retail invoices
	ItemVATPercentage = "vatPercentage" // UNCONFIRMED; recorded invoices also show "vatRate"
	// ItemVATTransactionType is sent on every item: recorded Croatian invoices
	// carry it per item ("0" domestic, "16" EU reverse charge, "17" export),
	// a third-party client puts it on the document. UNCONFIRMED for SI.
	ItemVATTransactionType = "vatTransactionType"
	// ItemPosition is read-only: sending it makes e-računi refuse the whole
	// request (seen in a real error text).
	ItemPosition = "position"
)

// List and lookup parameters, all UNCONFIRMED: no official page we could read
// names the SalesOrderList / SalesInvoiceList filters.
const (
	ParamDateFrom = "dateFrom" // UNCONFIRMED
	ParamDateTo   = "dateTo"   // UNCONFIRMED
	// ParamDocumentID identifies the order for SalesOrderCreateInvoice. It is
	// confirmed as a SalesOrderGet parameter, UNCONFIRMED here.
	ParamDocumentID = "documentID"
)

// Result fields. documentID, number and date are recorded in real answers.
const (
	ResultDocumentID = "documentID"
	ResultNumber     = "number"
	ResultDate       = "date"
	// InvoiceOrderReference is where an invoice made from an order carries
	// the order's reference. UNCONFIRMED: recorded on invoices as
	// "orderReference", not known to be filled by SalesOrderCreateInvoice.
	InvoiceOrderReference = "orderReference"
	// FieldInvoiceReference is where a sales invoice the sync creates itself
	// (from a WHMCS invoice) carries its reference: the same field, so one
	// SalesInvoiceList finds invoices made from orders and these alike.
	// UNCONFIRMED: recorded invoices carry both "reference" and
	// "orderReference"; which one the list returns is not known.
	FieldInvoiceReference = InvoiceOrderReference
)

// A sales invoice is sent with the same field names as a sales order
// (date, buyer*, currencyCode, methodOfPayment, warehouseCode, costPosition,
// documentLanguage, remarks, Items with netPrice/price and vatPercentage).
// Recorded invoices confirm date, buyer*, currencyCode, methodOfPayment and
// the item fields; warehouseCode, costPosition and documentLanguage on an
// invoice are UNCONFIRMED (third-party clients send them).

// VATTransactionReverseCharge is the vatTransactionType for an EU business
// buyer (reverse charge), as recorded on the Croatian tenant. UNCONFIRMED
// for Slovenia.
const VATTransactionReverseCharge = "16"

// PaymentMethods lists methodOfPayment values seen in the wild, for the
// settings screen. BankTransfer and PayPal were accepted in recorded traffic;
// the rest come from a third-party production map. The official list was
// not found: UNCONFIRMED.
var PaymentMethods = []string{
	"BankTransfer", "PayPal", "Stripe", "Visa", "EurocardMastercard",
	"Amex", "Diners", "Cash", "Compensation", "Other",
}

// Answer texts used to classify errors. Too Many Requests and the two
// session-lock texts are recorded; the authentication and privileges texts
// are UNCONFIRMED (the documentation shows only "Access denied. User account
// does not have sufficient privile..."). Matching is case-insensitive on
// substrings. The double answers with AuthFailedText and PrivilegesText.
var (
	RateLimitedMarkers = []string{"Too Many Requests"}
	BusyMarkers        = []string{
		"Another web request is currently being processed",
		"Concurrent usage of atomic API operations",
	}
	// PrivilegesMarkers are checked before AuthMarkers because both kinds of
	// answer may start with "Access denied".
	PrivilegesMarkers = []string{"sufficient privilege", "not authorized to", "no privileges"}
	AuthMarkers       = []string{
		"authentication failed", "invalid username", "invalid user name", "wrong username",
		"invalid password", "wrong password", "invalid token", "invalid api token",
		"login failed", "access denied",
	}
)

// Texts the test double answers with; the client recognises them through
// the markers above.
const (
	AuthFailedText     = "Access denied. Authentication failed: invalid username, password or token."
	PrivilegesText     = "Access denied. User account does not have sufficient privileges for API method "
	TooManyRequestsFmt = "Too Many Requests. The client with IP %s has sent too many requests in a given amount of time."
	BusyText           = "Another web request is currently being processed. Please try again later."
)
