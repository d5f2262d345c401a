# Phase timings of a test script, printed as a table at the end: `phase NAME` closes the phase
# that ran since the last call; `print_phases TITLE` prints them and the total.
PHASES=()
phase_started=$SECONDS
phase() {
    PHASES+=("$(printf '%-48s %8d' "$1" $((SECONDS - phase_started)))")
    phase_started=$SECONDS
}
print_phases() {
    printf '\n%-48s %8s\n' "$1" "seconds"
    printf '%s\n' "${PHASES[@]}"
    printf '%-48s %8d\n' "(all)" "$SECONDS"
}
