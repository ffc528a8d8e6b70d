vcl 4.1;
# Varnish in front of the blog's gunicorn: nginx (TLS) -> Varnish -> gunicorn.
#
# * Keeps only what the app marks for shared caches (Cache-Control with s-maxage); everything
#   else passes, /admin/ always does, and so does any request with a session or CSRF cookie
#   (signed-in staff never get a cached page) or the comment writer's cookie (a reader whose
#   comment awaits moderation sees it on the post's page: blog/reading/comments.py).
# * Varies on nothing but the UI language cookie: every other cookie is removed before lookup.
# * Purged by key: the app sends "PURGE /" with an "xkey-purge: post:12 list:home ..." header
#   after each commit (pagecache/purge.py); vmod_xkey drops every object whose xkey header
#   names one of those keys.
# * Serves a stale copy for the app's stale-while-revalidate while refetching, and for its
#   stale-if-error while the backend fails its health probe.
#
# Cookie names are Django's defaults (SESSION_COOKIE_NAME, CSRF_COOKIE_NAME,
# LANGUAGE_COOKIE_NAME) and the blog's comment cookie; change them here if the settings do.

import std;
import cookie;
import xkey;

backend default {
    .host = "127.0.0.1";
    .port = "8000";
    .first_byte_timeout = 30s;
    .probe = {
        .url = "/healthz";
        .timeout = 2s;
        .interval = 5s;
        .window = 3;
        .threshold = 2;
        .initial = 2;  # healthy from the start, not after the first probes
    }
}

# Who may purge: the app hosts.
acl purgers {
    "127.0.0.1";
    "::1";
}

sub vcl_recv {
    if (req.method == "PURGE") {
        if (client.ip !~ purgers) {
            return (synth(403, "Not allowed to purge"));
        }
        if (!req.http.xkey-purge) {
            return (synth(400, "An xkey-purge header is required"));
        }
        set req.http.n-purged = xkey.purge(req.http.xkey-purge);
        return (synth(200, "Purged " + req.http.n-purged));
    }
    if (req.method != "GET" && req.method != "HEAD") {
        return (pass);
    }
    if (req.url ~ "^/admin(/|$)" || req.url ~ "^/healthz" || req.url ~ "^/lang/") {
        return (pass);
    }
    if (req.http.Authorization) {
        return (pass);
    }
    # Tracking parameters mean nothing to any page (the app drops the same ones).
    if (req.url ~ "[?&](utm_[a-z_]*|fbclid|gclid|msclkid|yclid|mc_cid|mc_eid|_ga|_gl|igshid|spm|from|isappinstalled)=") {
        set req.url = regsuball(req.url, "(?i)([?&])(utm_[a-z_]*|fbclid|gclid|msclkid|yclid|mc_cid|mc_eid|_ga|_gl|igshid|spm|from|isappinstalled)=[^&]*", "\1");
        set req.url = regsuball(req.url, "[?&]+$", "");
        set req.url = regsuball(req.url, "\?&+", "?");
        set req.url = regsuball(req.url, "&&+", "&");
    }
    if (req.http.Cookie) {
        cookie.parse(req.http.Cookie);
        if (cookie.isset("sessionid") || cookie.isset("csrftoken") || cookie.isset("blog_comments")) {
            return (pass);
        }
        cookie.keep("django_language");
        set req.http.Cookie = cookie.get_string();
        if (req.http.Cookie == "") {
            unset req.http.Cookie;
        }
    }
    # Served stale for stale-while-revalidate while the backend is healthy, for as long as the
    # object is kept (stale-if-error) while it is not.
    if (std.healthy(req.backend_hint)) {
        set req.grace = 30s;
    }
    return (hash);
}

sub vcl_hash {
    hash_data(req.url);
    if (req.http.host) {
        hash_data(req.http.host);
    } else {
        hash_data(server.ip);
    }
    # The only cookie left is the language one: the page in that language.
    hash_data(req.http.Cookie);
    return (lookup);
}

sub vcl_backend_response {
    if (bereq.uncacheable) {
        return (deliver);
    }
    if (beresp.status >= 500 && bereq.is_bgfetch) {
        # Keep serving the stale copy rather than caching an error.
        return (abandon);
    }
    if (beresp.http.Set-Cookie || beresp.http.Cache-Control !~ "s-maxage=[1-9]") {
        # Not for a shared cache: remember that for a while, fetch it for every request.
        set beresp.uncacheable = true;
        set beresp.ttl = 60s;
        return (deliver);
    }
    set beresp.ttl = std.duration(regsub(beresp.http.Cache-Control, ".*s-maxage=([0-9]+).*", "\1s"), 0s);
    set beresp.grace = 30s;
    if (beresp.http.Cache-Control ~ "stale-while-revalidate=") {
        set beresp.grace = std.duration(regsub(beresp.http.Cache-Control, ".*stale-while-revalidate=([0-9]+).*", "\1s"), 0s);
    }
    if (beresp.http.Cache-Control ~ "stale-if-error=") {
        set beresp.grace = std.duration(regsub(beresp.http.Cache-Control, ".*stale-if-error=([0-9]+).*", "\1s"), beresp.grace);
    }
    # The app varies on the language cookie, which vcl_hash already does.
    unset beresp.http.Vary;
    return (deliver);
}

sub vcl_deliver {
    if (obj.hits > 0) {
        set resp.http.X-Edge-Cache = "hit";
    } else {
        set resp.http.X-Edge-Cache = "miss";
    }
    # Surrogate keys are for caches, not for readers.
    unset resp.http.xkey;
    unset resp.http.Surrogate-Key;
    unset resp.http.Cache-Tag;
    unset resp.http.Via;
    unset resp.http.X-Varnish;
    return (deliver);
}
