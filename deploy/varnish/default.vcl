vcl 4.1;
# Varnish 7.1 in front of gunicorn on one machine (README: "A front cache"). It keeps what the
# app's page cache keeps (site/base/page_cache.py): pages the app marks
# `Cache-Control: public, s-maxage=N` (FRONT_CACHE_SECONDS), plus static files and public media.
# The app purges with HTTP PURGE (FRONT_CACHE_PURGE_URL=http://127.0.0.1:6081) from this
# machine only. tests/deploy/test_varnish.py runs this file in front of the app.

backend gunicorn {
    .host = "127.0.0.1";
    .port = "8000";
}

acl purgers {
    "127.0.0.1";
    "::1";
}

sub vcl_recv {
    if (req.method == "PURGE") {
        if (client.ip !~ purgers) {
            return (synth(405, "Not allowed"));
        }
        # A page's address with all its query strings (a filtered or paged list), on every host
        # name the site answers to, as the page cache's own purge does.
        ban("obj.http.x-url ~ ^" + regsub(req.url, "\?.*$", "") + "(\?|$)");
        return (synth(200, "Purged"));
    }
    if (req.method != "GET" && req.method != "HEAD") {
        return (pass);
    }
    # Tracking parameters change nothing on a page: one copy with or without them. The same
    # names as page_cache.TRACKING_PARAMETER (a test checks the two lists agree).
    if (req.url ~ "\?") {
        set req.url = regsuball(req.url, "(?i)([?&])(utm_\w+|fbclid|gclid|gbraid|wbraid|dclid|msclkid|mc_cid|mc_eid|_ga|_gl|igshid|yclid|twclid|li_fat_id)(=[^&]*)?(?=&|$)", "\1");
        set req.url = regsuball(req.url, "&&+", "&");
        set req.url = regsub(req.url, "\?&", "?");
        set req.url = regsub(req.url, "[?&]$", "");
    }
    if (req.url ~ "^/(static|media)/") {
        unset req.http.Cookie;
        return (hash);
    }
    # People signed in or part-way through something, staff screens, sign-in, bookings.
    if (req.http.Authorization || req.http.Cookie ~ "(^|;\s*)(sessionid|csrftoken|messages)="
        || req.url ~ "^/(admin|accounts|_util|anymail)/" || req.url ~ "/(book|booking)/") {
        return (pass);
    }
    unset req.http.Cookie;  # analytics and consent cookies: the page is the same without them
    return (hash);
}

sub vcl_hit {
    set req.http.x-cache = "hit";
}

sub vcl_miss {
    set req.http.x-cache = "miss";
}

sub vcl_pass {
    set req.http.x-cache = "pass";
}

sub vcl_backend_response {
    set beresp.http.x-url = bereq.url;  # for bans by address
    if (bereq.url ~ "^/(static|media)/" && !beresp.http.Set-Cookie && beresp.status == 200) {
        if (!beresp.http.Cache-Control) {
            set beresp.ttl = 1h;
        }
        return (deliver);
    }
    # A page is kept only when the app says a shared cache may keep it, and never one that
    # sets a cookie or is marked private.
    if (beresp.http.Set-Cookie || beresp.http.Cache-Control !~ "s-maxage"
        || beresp.http.Cache-Control ~ "(private|no-store|no-cache)") {
        set beresp.uncacheable = true;
        set beresp.ttl = 120s;
        return (deliver);
    }
    set beresp.grace = 10s;
    return (deliver);
}

sub vcl_deliver {
    set resp.http.X-Cache = req.http.x-cache;
    unset resp.http.x-url;
}
