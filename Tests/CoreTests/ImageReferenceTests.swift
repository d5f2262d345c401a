import Testing
@testable import Core

/// `image` is an OCI reference `[registry[:port]/]repo[:tag][@digest]`, ≤ 255 chars.
@Suite("ImageReference")
struct ImageReferenceTests {
    @Test("valid references and the registry they name", arguments: [
        ("nginx", "docker.io"),
        ("nginx:1.25", "docker.io"),
        ("nginx:latest", "docker.io"),
        ("library/nginx:latest", "docker.io"),
        ("team/app", "docker.io"),
        ("team/sub/dir/app:v2", "docker.io"),
        ("team/a.b_c__d-e--f:v1", "docker.io"),
        ("nginx:Latest_1.0-rc.1", "docker.io"),
        ("nginx:_tag", "docker.io"),
        ("registry.example.localhost:5000/team/app:v1", "registry.example.localhost:5000"),
        ("registry.example.localhost/team/app", "registry.example.localhost"),
        ("Registry.Example.COM/app", "Registry.Example.COM"),
        ("127.0.0.1:5000/app", "127.0.0.1:5000"),
        ("my-registry:5000/app", "my-registry:5000"),
        ("localhost/app", "localhost"),
        ("localhost:5000/app:dev", "localhost:5000"),
        ("app@sha256:\(hex64)", "docker.io"),
        ("nginx:1.25@sha256:\(hex64)", "docker.io"),
        ("ghcr.io/a/b:tag@sha256:\(hex64)", "ghcr.io"),
        ("ghcr.io/a/b@sha256:\(hex64.uppercased())", "ghcr.io"),
        ("app@sha512:\(hex64)\(hex64)", "docker.io"),
        ("app@sha256:\(String(hex64.prefix(32)))", "docker.io"),  // the grammar's minimum of 32 hex digits
        ("example.localhost", "docker.io"),       // one component: a repository named example.localhost, as Docker reads it
        ("localhost:5000", "docker.io"),    // one component: repository localhost, tag 5000
    ])
    func accepts(_ reference: String, registry: String) throws {
        let image = try ImageReference(reference)
        #expect(image.value == reference)
        #expect(image.description == reference)
        #expect(image.registry == registry)
    }

    @Test("invalid references are refused on field image", arguments: [
        "",                                   // empty
        "Nginx", "library/Nginx", "NGINX:1.25",  // uppercase repository
        ":tag", ":", "@sha256:\(hex64)",       // no repository
        "a//b", "/nginx", "nginx/", "a/", "example.localhost/", "example.localhost:5000/",  // empty path components
        "nginx:", "nginx@", "nginx:@sha256:\(hex64)",
        "nginx:-tag", "nginx:.tag", "nginx:tag!", "nginx:tâg", "nginx:1.25:latest",
        "app@sha256:xyz", "app@sha256", "app@sha256:", "app@:\(hex64)", "app@1sha:\(hex64)",
        "app@sha256:\(String(hex64.prefix(31)))", "app@sha256:\(String(hex64.dropLast()))g",
        "app@sha256:\(hex64)@sha256:\(hex64)",
        "app-", "-app", "app..x", "a._b", "a___b", "team/-app", "ngi nx", " nginx", "nginx ", "ngïnx", "nginx\0",
        "ex_ample.com/app", "-example.localhost/app", "example-.com/app", "example..com/app", ".example.localhost/app",
        "example.localhost:/app", "example.localhost:123456/app", "example.localhost:50a/app", "localhost:/app",
    ])
    func refuses(_ reference: String) {
        expectValidationError(field: "image") { try ImageReference(reference) }
    }

    @Test("tag length: 128 characters accepted, 129 refused", arguments: [(1, true), (128, true), (129, false)])
    func tagLength(length: Int, accepted: Bool) throws {
        let reference = "nginx:" + repeated("t", length)
        if accepted {
            #expect(try ImageReference(reference).value == reference)
        } else {
            expectValidationError(field: "image") { try ImageReference(reference) }
        }
    }

    @Test("total length: 255 characters accepted, 256 refused", arguments: [
        (254, true), (255, true), (256, false), (1000, false),
    ])
    func totalLength(length: Int, accepted: Bool) throws {
        #expect(Limits.imageMaxLength == 255)
        // A bare repository, and a reference using every part, both exactly `length` characters long.
        let prefix = "registry.example.localhost:5000/team/"
        let suffix = ":v1@sha256:\(hex64)"
        let references = [
            repeated("a", length),
            prefix + repeated("b", length - prefix.count - suffix.count) + suffix,
        ]
        for reference in references {
            #expect(reference.count == length)
            if accepted {
                #expect(try ImageReference(reference).value == reference)
            } else {
                expectValidationError(field: "image") { try ImageReference(reference) }
            }
        }
    }
}
