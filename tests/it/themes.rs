//! The default theme ships inside the binary; a site's own templates/ replace theme templates by name.

use crate::html::{between, text};
use crate::support::{SITE, Site, article};

fn one_article() -> Site {
    Site::new(&[
        SITE,
        (
            "content/causes/posture.md",
            &article("title: Poor posture\nsummary: Slouching.", "Body text.\n"),
        ),
    ])
}

#[test]
fn site_without_a_themes_folder_builds_with_the_embedded_default_theme() {
    let site = one_article();
    assert!(!site.path("themes").exists());
    let build = site.build(&[]).ok();
    let css = build.read("static/style.css");
    assert!(css.contains('{'), "style.css looks empty: {css}");
    assert!(build.exists("static/favicon.svg"));
    let page = build.read("causes/posture/index.html");
    assert_eq!(text(between(&page, "<h1>", "</h1>")), "Poor posture");
    assert!(page.contains("not a substitute"));
}

#[test]
fn site_article_template_overrides_the_theme_one() {
    let site = one_article();
    site.write(
        "templates/article.html",
        "{% extends \"base.html\" %}{% block main %}<p class=\"custom\">Custom: {{ article.title }}</p>{% endblock main %}",
    );
    let build = site.build(&[]).ok();
    let main = build.main("causes/posture/index.html");
    assert!(main.contains("Custom: Poor posture"), "{main}");
    assert!(
        !main.contains("class=lede"),
        "the theme's article template was used: {main}"
    );
    // The other templates still come from the theme.
    let collection = build.main("causes/index.html");
    assert!(collection.contains("class=cards"), "{collection}");
}

#[test]
fn site_base_template_overrides_the_theme_one_for_every_page() {
    let site = one_article();
    site.write(
        "templates/base.html",
        "<!DOCTYPE html><html lang=\"{{ site.language }}\"><head><title>{{ head_title }}</title></head>\
         <body><p>Own layout</p><main>{% block main %}{% endblock main %}</main></body></html>",
    );
    let build = site.build(&[]).ok();
    for page in [
        "index.html",
        "causes/index.html",
        "causes/posture/index.html",
    ] {
        assert!(build.read(page).contains("Own layout"), "{page}");
    }
}

#[test]
fn theme_named_in_site_yaml_is_read_from_the_themes_folder() {
    let site = one_article();
    site.write("site.yaml", "title: Test site\ntheme: plain\n");
    let theme = crate::support::repo_root().join("themes/default");
    for (path, bytes) in crate::support::tree(&theme) {
        site.write(&format!("themes/plain/{path}"), bytes);
    }
    site.write("themes/plain/static/style.css", "body { color: green }\n");
    site.write(
        "themes/plain/templates/article.html",
        "{% extends \"base.html\" %}{% block main %}<p>Plain: {{ article.title }}</p>{% endblock main %}",
    );
    let build = site.build(&[]).ok();
    assert_eq!(build.read("static/style.css"), "body { color: green }\n");
    assert!(
        build
            .main("causes/posture/index.html")
            .contains("Plain: Poor posture")
    );
}
