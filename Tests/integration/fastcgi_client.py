"""A minimal FastCGI client (the responder role, one request per connection), to talk to a
dro-api directly on its unix socket without an nginx in front, as the compatibility suite does
with the previous release's responder."""
import socket
import struct

BEGIN_REQUEST, END_REQUEST, PARAMS, STDIN, STDOUT = 1, 3, 4, 5, 6
RESPONDER = 1


def _record(kind, content, request_id=1):
    return struct.pack(">BBHHBx", 1, kind, request_id, len(content), 0) + content


def _length(n):
    return bytes([n]) if n < 128 else struct.pack(">I", n | 0x80000000)


def _params(params):
    body = b"".join(_length(len(k)) + _length(len(v)) + k + v
                    for k, v in ((k.encode(), v.encode()) for k, v in params.items()))
    return _record(PARAMS, body) + _record(PARAMS, b"")


def request(socket_path, method, uri, headers=None, body=b"", timeout=30, request_id="0" * 32):
    """Sends one request; answers (status, headers, body) parsed from the responder's CGI output."""
    params = {"REQUEST_METHOD": method, "REQUEST_URI": uri, "QUERY_STRING": uri.partition("?")[2],
              "CONTENT_LENGTH": str(len(body)), "REQUEST_ID": request_id, "SERVER_PROTOCOL": "HTTP/1.1"}
    for name, value in (headers or {}).items():
        key = name.upper().replace("-", "_")
        params[key if key in ("CONTENT_TYPE",) else f"HTTP_{key}"] = value
    with socket.socket(socket.AF_UNIX, socket.SOCK_STREAM) as s:
        s.settimeout(timeout)
        s.connect(socket_path)
        s.sendall(_record(BEGIN_REQUEST, struct.pack(">HB5x", RESPONDER, 0)) + _params(params)
                  + (_record(STDIN, body) if body else b"") + _record(STDIN, b""))
        output, buffer = b"", b""
        while True:
            chunk = s.recv(65536)
            if not chunk:
                break
            buffer += chunk
            while len(buffer) >= 8:
                _, kind, _, length, padding = struct.unpack(">BBHHBx", buffer[:8])
                if len(buffer) < 8 + length + padding:
                    break
                content, buffer = buffer[8:8 + length], buffer[8 + length + padding:]
                if kind == STDOUT:
                    output += content
                elif kind == END_REQUEST:
                    return _parse(output)
    return _parse(output)


def _parse(output):
    head, _, body = output.partition(b"\r\n\r\n")
    headers = {}
    for line in head.decode().split("\r\n"):
        name, _, value = line.partition(":")
        headers[name.strip().lower()] = value.strip()
    status = int(headers.get("status", "200").split()[0])
    return status, headers, body
