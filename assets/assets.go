// Package assets holds what the app embeds: its icon (also the tray icon,
// with a coloured dot for warnings and failures) and its translations.
//
// The icons were drawn with ImageMagick; to redraw them:
//
//	convert -size 512x512 xc:none -fill '#1f6feb' -draw 'roundrectangle 16,16 496,496 96,96' \
//	  -font DejaVuSans-Bold.ttf -fill white -pointsize 150 -gravity center -annotate +0-20 'W→e' \
//	  -depth 8 -strip icon.png
//	convert icon.png -fill '#f5a623' -stroke white -strokewidth 14 \
//	  -draw 'circle 418,418 418,338' -depth 8 -strip icon-warning.png   # '#e5484d' for icon-failed.png
package assets

import (
	"embed"

	"fyne.io/fyne/v2"
)

var (
	//go:embed icon.png
	iconPNG []byte
	//go:embed icon-warning.png
	iconWarningPNG []byte
	//go:embed icon-failed.png
	iconFailedPNG []byte

	// Translations holds translations/en.json and translations/sl.json, in
	// the flat key → text form fyne.io/fyne/v2/lang reads.
	//
	//go:embed translations/*.json
	Translations embed.FS
)

// Icon is the app icon, 512×512 PNG.
var Icon = fyne.NewStaticResource("icon.png", iconPNG)

// IconWarning is the icon with an orange dot: the last run needs attention.
var IconWarning = fyne.NewStaticResource("icon-warning.png", iconWarningPNG)

// IconFailed is the icon with a red dot: the last run failed.
var IconFailed = fyne.NewStaticResource("icon-failed.png", iconFailedPNG)

// TranslationsDir is the folder inside Translations.
const TranslationsDir = "translations"

// Translation returns the JSON of one language ("en" or "sl").
func Translation(code string) ([]byte, error) {
	return Translations.ReadFile(TranslationsDir + "/" + code + ".json")
}
