package whmcs

import "whmcs-eracuni/sync/message"

// The wording every *Error carries. Each says what failed and what to do.
var (
	msgURLMissing = message.Define("whmcs.url_missing",
		`Enter the address of your WHMCS, for example https://shop.example.com or https://example.com/whmcs/.`)
	msgURLInvalid = message.Define("whmcs.url_invalid",
		`"{{.url}}" is not a web address the app can use for WHMCS. Enter it like https://shop.example.com or https://example.com/whmcs/.`)
	msgURLUserInfo = message.Define("whmcs.url_userinfo",
		`The WHMCS address "{{.url}}" contains a user name or password. Enter only the address; the API identifier and secret go in their own fields.`)
	msgHTTPSRequired = message.Define("whmcs.https_required",
		`The WHMCS address "{{.url}}" starts with http://, which would send the API secret unencrypted over the internet. Use the https:// address of your WHMCS (plain http is accepted only for this computer: localhost, 127.0.0.1 or ::1).`)
	msgIdentifierMissing = message.Define("whmcs.identifier_missing",
		`Enter the WHMCS API identifier. Create an API credential in WHMCS under Configuration > System Settings > Manage API Credentials.`)
	msgSecretMissing = message.Define("whmcs.secret_missing",
		`Enter the WHMCS API secret. WHMCS shows it only once, when the API credential is created under Configuration > System Settings > Manage API Credentials; if it is lost, generate a new credential.`)

	msgAuthFailed = message.Define("whmcs.auth_failed",
		`WHMCS rejected the API identifier or secret (WHMCS said: "{{.reason}}"). Check both against Configuration > System Settings > Manage API Credentials in WHMCS and enter them again; if the secret is lost, generate a new credential. The app does not retry this, because WHMCS bans the computer's IP address after three failed logins.`)
	msgAccessKeyInvalid = message.Define("whmcs.access_key_invalid",
		`WHMCS rejected the API access key. Enter exactly the value of $api_access_key from WHMCS's configuration.php, or leave the access key empty and allow this computer's IP address in WHMCS instead. The app does not retry this, because WHMCS may ban the IP address after repeated failures.`)
	msgIPNotAllowed = message.Define("whmcs.ip_not_allowed",
		`WHMCS refuses API calls from IP address {{.ip}}. In WHMCS, add {{.ip}} under Configuration > System Settings > General Settings > Security > API IP Access Restriction, or set an API access key ($api_access_key in WHMCS's configuration.php) and enter it in the app. If this computer's IP address changes often, the access key is the better choice.`)
	msgIPBanned = message.Define("whmcs.ip_banned",
		`WHMCS has banned this computer's IP address, usually after three failed logins. Wait about 15 minutes (the WHMCS default ban length) and try again, or ask the WHMCS administrator to remove the ban; in most WHMCS versions bans are listed under Configuration > System Settings > Banned IPs. Check the API identifier and secret first, or the ban will come back.`)
	msgPermission = message.Define("whmcs.permission_denied",
		`The WHMCS API role of this credential does not allow {{.action}}. In WHMCS, open Configuration > System Settings > Manage API Credentials > API Roles, edit the role assigned to this credential, tick {{.action}} and save.`)

	msgNotWHMCS = message.Define("whmcs.not_whmcs",
		`{{.endpoint}} did not answer like the WHMCS API (HTTP {{.status}}): "{{.excerpt}}". Check the WHMCS address in the settings. If a firewall or Cloudflare protects the site, ask for API calls to includes/api.php from this computer to be let through.`)
	msgRedirected = message.Define("whmcs.redirected",
		`{{.endpoint}} sent the app to {{.location}} (HTTP {{.status}}) instead of answering as the WHMCS API. Enter the address of the WHMCS installation itself (the one the client area uses, without /admin). A redirect to a login page usually means the address is wrong or a security layer sits in front of WHMCS.`)
	msgBadUTF8 = message.Define("whmcs.bad_utf8",
		`WHMCS could not send {{.what}} because some text stored in WHMCS is in a broken encoding (WHMCS said: Malformed UTF-8 characters). This is bad data inside WHMCS, not a problem of this app: a client, order, product or note contains characters that were pasted or imported in the wrong encoding. Find the record in WHMCS, retype the text with special characters such as č, š or ž, save it, and try again.`)
	msgBadValue = message.Define("whmcs.bad_value",
		`WHMCS sent a value the app cannot read in {{.what}}: {{.field}} is "{{.value}}". Check that record in WHMCS; if it looks right there, report this to the app's support with the WHMCS version.`)
	msgNotFound = message.Define("whmcs.not_found",
		`WHMCS has no {{.what}} with ID {{.id}}; it may have been deleted.`)
	msgAPIError = message.Define("whmcs.api_error",
		`WHMCS answered {{.action}} with an error: "{{.reason}}".`)

	msgNetwork = message.Define("whmcs.network",
		`Could not get an answer from WHMCS at {{.endpoint}} for {{.action}}: {{.cause}}. The app tried {{.attempts}} times. Check the internet connection and the WHMCS address; if the site opens in a browser, a firewall may be blocking this computer. The next sync will try again.`)
	msgTLS = message.Define("whmcs.tls",
		`The security certificate of {{.endpoint}} is not valid: {{.cause}}. Check the WHMCS address (it must match the certificate) or ask the hosting provider to renew the certificate. The app does not send the API secret to a site it cannot verify.`)
	msgServer = message.Define("whmcs.server",
		`WHMCS at {{.endpoint}} failed with HTTP {{.status}} on {{.action}}: "{{.excerpt}}". The app tried {{.attempts}} times. This is a problem on the web server; try again later, and if it continues ask the administrator to check the PHP error log of WHMCS.`)
	msgIncomplete = message.Define("whmcs.incomplete",
		`WHMCS at {{.endpoint}} sent an incomplete answer to {{.action}} (HTTP {{.status}}). The app tried {{.attempts}} times. The server may be stopping PHP early (time or memory limit); try again later or lower the page size.`)
	msgTooLarge = message.Define("whmcs.too_large",
		`WHMCS at {{.endpoint}} sent an answer to {{.action}} larger than {{.limit}}; the app stopped reading it. Lower the page size in the settings.`)
	msgCancelled = message.Define("whmcs.cancelled",
		`The call to WHMCS ({{.action}}) was stopped before it finished.`)
)
