# DRO Cloud — the two set-up commands of the README, and a few more.
.PHONY: run stop test bench build

run:            ## start the whole stack on https://127.0.0.1:8443 and print how to use it
	scripts/dev.sh up

stop:           ## stop what `make run` started
	scripts/dev.sh down

test:           ## build and run every test (unit and integration, on a private stack)
	scripts/test.sh

build:
	swift build -c release
