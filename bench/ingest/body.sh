# Sourced by run.sh: the delivery body (the template padded to $body_bytes) and its signature.
# Reads $script_dir, $work, $body_bytes and $secret; sets $signature and writes $work/body.json.

# The delivery body (the template with its issue body padded to the target size) and its signature.
make_body() {
    local template="$script_dir/issues-labeled.template.json"
    local compact="$work/template.json"
    sed -e 's/^[[:space:]]*//' "$template" | tr -d '\n' >"$compact"

    local placeholder="__ISSUE_BODY__"
    local base=$(($(wc -c <"$compact") - ${#placeholder}))
    local pad=$((body_bytes - base))
    if ((pad < 16)); then
        pad=16
    fi

    # A bug report, JSON-escaped: Markdown with \r\n line breaks, repeated up to the size.
    local unit='### Steps to reproduce\r\n\r\n1. Add the \"Summer bundle\" (SKU BND-2291) to the cart.\r\n2. Apply the code SUMMER25 and open /checkout.\r\n3. Pick express shipping.\r\n\r\n### Expected\r\n\r\nThe order summary shows the discounted bundle price and the page renders.\r\n\r\n### Actual\r\n\r\nThe page goes blank and the console shows:\r\n\r\n```\r\nTypeError: Cannot read properties of undefined (reading '"'"'amount'"'"')\r\n    at bundleLineTotal (webpack-internal:///./src/checkout/summary.ts:48:31)\r\n    at Array.map (<anonymous>)\r\n    at OrderSummary (webpack-internal:///./src/checkout/OrderSummary.tsx:112:22)\r\n    at renderWithHooks (webpack-internal:///./node_modules/react-dom/cjs/react-dom.development.js:16305:18)\r\n```\r\n\r\nIt started after the pricing refactor; single items with a discount are fine, only bundles fail.\r\n\r\n'
    local padding=""
    while ((${#padding} < pad)); do
        padding+="$unit"
    done
    padding="${padding:0:pad}"
    # Never end on half of an escape sequence.
    if [[ "$padding" == *\\ ]]; then
        padding="${padding%\\} "
    fi

    local content
    content="$(cat "$compact")"
    before="${content%%"$placeholder"*}"
    local after="${content#*"$placeholder"}"
    printf '%s%s%s' "$before" "$padding" "$after" >"$work/body.json"

    signature="sha256=$(openssl dgst -sha256 -hmac "$secret" -r "$work/body.json" | cut -d' ' -f1)"
}
