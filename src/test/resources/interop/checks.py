"""What the interop scripts share: a failed expectation, and the steps they print."""


class Mismatch(Exception):
    pass


def check(condition, message, *details):
    if not condition:
        raise Mismatch(message + "".join("\n    " + str(d) for d in details))


def step(text):
    print("--", text, flush=True)
