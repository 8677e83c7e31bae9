//! A chart on the page as a standalone image: its `<svg>` elements copied into one SVG document
//! with the styles the page's stylesheets gave them written onto each element (an SVG file has
//! no access to `views.css`), and that document drawn onto a canvas for a PNG.

use super::describe;
use super::download::save_blob;
use js_sys::Array;
use std::rc::Rc;
use wasm_bindgen::closure::Closure;
use wasm_bindgen::JsCast;
use web_sys::{
    Blob, BlobPropertyBag, CanvasRenderingContext2d, Document, Element, HtmlCanvasElement, HtmlImageElement, Url,
    Window, XmlSerializer,
};

const SVG_NS: &str = "http://www.w3.org/2000/svg";
/// The computed properties that decide how an SVG element looks.
const STYLED: [&str; 14] = [
    "fill",
    "fill-opacity",
    "stroke",
    "stroke-width",
    "stroke-dasharray",
    "stroke-opacity",
    "opacity",
    "font-family",
    "font-size",
    "font-weight",
    "text-anchor",
    "dominant-baseline",
    "visibility",
    "display",
];
/// Space between stacked charts, and the height of a chart's caption, in CSS pixels.
const GAP: f64 = 12.0;
const CAPTION: f64 = 18.0;
/// Pixels per CSS pixel in a PNG, for a sharp image on high-density screens and in print.
const PNG_SCALE: f64 = 2.0;

/// An SVG document, with its size in CSS pixels.
pub struct ChartImage {
    /// The document's markup.
    pub markup: String,
    /// Width.
    pub width: f64,
    /// Height.
    pub height: f64,
}

fn window_and_document() -> Result<(Window, Document), String> {
    let window = web_sys::window().ok_or("no window")?;
    let document = window.document().ok_or("no document")?;
    Ok((window, document))
}

/// Writes `from`'s computed look onto `to` (a copy of it) as an inline style.
fn inline_style(window: &Window, from: &Element, to: &Element) -> Result<(), String> {
    let Some(computed) = window.get_computed_style(from).map_err(|e| describe(&e))? else {
        return Ok(());
    };
    let style: String = STYLED
        .iter()
        .filter_map(|p| computed.get_property_value(p).ok().map(|v| format!("{p}:{v};")))
        .collect();
    to.set_attribute("style", &style).map_err(|e| describe(&e))
}

/// A copy of `svg` with every element's computed style inlined.
fn styled_copy(window: &Window, svg: &Element) -> Result<Element, String> {
    let copy: Element = svg
        .clone_node_with_deep(true)
        .map_err(|e| describe(&e))?
        .dyn_into()
        .map_err(|_| "an svg copy is not an element")?;
    inline_style(window, svg, &copy)?;
    let originals = svg.query_selector_all("*").map_err(|e| describe(&e))?;
    let copies = copy.query_selector_all("*").map_err(|e| describe(&e))?;
    for i in 0..originals.length().min(copies.length()) {
        let (Some(from), Some(to)) = (originals.item(i), copies.item(i)) else {
            continue;
        };
        if let (Ok(from), Ok(to)) = (from.dyn_into::<Element>(), to.dyn_into::<Element>()) {
            inline_style(window, &from, &to)?;
        }
    }
    Ok(copy)
}

/// The charts (visible `<svg>` elements other than decorative ones) inside `container`, stacked
/// into one document on the container's background; each gets its `aria-label` as a caption
/// when there are several.
pub fn chart_image(container: &Element) -> Result<ChartImage, String> {
    let (window, document) = window_and_document()?;
    let charts = elements(container, "svg:not([aria-hidden='true'])")?;
    if charts.is_empty() {
        return Err("there is no chart to export".into());
    }
    let root = document
        .create_element_ns(Some(SVG_NS), "svg")
        .map_err(|e| describe(&e))?;
    let captions = charts.len() > 1;
    let (mut width, mut y) = (0.0f64, 0.0f64);
    let mut placed = Vec::new();
    for chart in &charts {
        let rect = chart.get_bounding_client_rect();
        if captions {
            let label = chart.get_attribute("aria-label").unwrap_or_default();
            placed.push(caption(&window, &document, container, &label, y)?);
            y += CAPTION;
        }
        let copy = styled_copy(&window, chart)?;
        set(
            &copy,
            &[
                ("x", "0"),
                ("y", &format!("{y:.1}")),
                ("width", &format!("{:.1}", rect.width())),
                ("height", &format!("{:.1}", rect.height())),
            ],
        )?;
        placed.push(copy);
        width = width.max(rect.width());
        y += rect.height() + GAP;
    }
    let (legend, legend_width, legend_height) = legend_copy(&window, &document, container, y)?;
    placed.extend(legend);
    width = width.max(legend_width);
    y += legend_height;
    // The chart's note on the events it leaves out (`.tsv-outside`), without its button: an
    // image of a focused timeline must not pass for every event.
    if let Some(note) = container.query_selector(".tsv-outside").map_err(|e| describe(&e))? {
        let words = note
            .first_child()
            .and_then(|first| first.text_content())
            .unwrap_or_default();
        placed.push(caption(&window, &document, container, words.trim_end(), y)?);
        y += CAPTION + GAP;
    }
    let height = (y - GAP).max(1.0);
    let background = background_of(&window, container);
    let backdrop = document
        .create_element_ns(Some(SVG_NS), "rect")
        .map_err(|e| describe(&e))?;
    set(
        &backdrop,
        &[("width", "100%"), ("height", "100%"), ("fill", &background)],
    )?;
    root.append_child(&backdrop).map_err(|e| describe(&e))?;
    for element in placed {
        root.append_child(&element).map_err(|e| describe(&e))?;
    }
    set(
        &root,
        &[
            ("xmlns", SVG_NS),
            ("width", &format!("{width:.0}")),
            ("height", &format!("{height:.0}")),
            ("viewBox", &format!("0 0 {width:.1} {height:.1}")),
        ],
    )?;
    let markup = XmlSerializer::new()
        .and_then(|s| s.serialize_to_string(&root))
        .map_err(|e| describe(&e))?;
    Ok(ChartImage { markup, width, height })
}

/// A line of `text` at `top`, in the container's text colour and font (an HTML element's
/// computed `fill` is not its text colour).
fn caption(window: &Window, document: &Document, container: &Element, text: &str, top: f64) -> Result<Element, String> {
    let caption = document
        .create_element_ns(Some(SVG_NS), "text")
        .map_err(|e| describe(&e))?;
    caption.set_text_content(Some(text));
    set(&caption, &[("x", "0"), ("y", &format!("{:.1}", top + CAPTION - 5.0))])?;
    let style = format!(
        "{}font-size:13px;font-weight:600;",
        text_colour_and_font(window, container)
    );
    caption.set_attribute("style", &style).map_err(|e| describe(&e))?;
    Ok(caption)
}

/// The SVG style of `element`'s HTML text: its colour as the fill, and its font.
fn text_colour_and_font(window: &Window, element: &Element) -> String {
    format!(
        "fill:{};font-family:{};",
        computed(window, element, "color"),
        computed(window, element, "font-family")
    )
}

/// One computed style property of `element` (empty when the browser gives none).
fn computed(window: &Window, element: &Element, property: &str) -> String {
    window
        .get_computed_style(element)
        .ok()
        .flatten()
        .and_then(|s| s.get_property_value(property).ok())
        .unwrap_or_default()
}

/// The chart's legend (an HTML list beside it, `.tsv-legend`) redrawn in SVG from `top` down,
/// every swatch and text where the page shows it: an exported chart must still say which colour
/// is which. Returns the elements and the legend's width and height (nothing without a legend).
fn legend_copy(
    window: &Window,
    document: &Document,
    container: &Element,
    top: f64,
) -> Result<(Vec<Element>, f64, f64), String> {
    let Some(list) = container.query_selector(".tsv-legend").map_err(|e| describe(&e))? else {
        return Ok((Vec::new(), 0.0, 0.0));
    };
    let origin = list.get_bounding_client_rect();
    let at = |element: &Element| {
        let rect = element.get_bounding_client_rect();
        (rect.left() - origin.left(), top + rect.top() - origin.top(), rect)
    };
    let mut placed = Vec::new();
    for swatch in elements(&list, "svg")? {
        let (x, y, rect) = at(&swatch);
        let copy = styled_copy(window, &swatch)?;
        let size = |v: f64| format!("{v:.1}");
        set(
            &copy,
            &[
                ("x", &size(x)),
                ("y", &size(y)),
                ("width", &size(rect.width())),
                ("height", &size(rect.height())),
            ],
        )?;
        placed.push(copy);
    }
    for span in elements(&list, "li > span")? {
        let (x, y, rect) = at(&span);
        let text = document
            .create_element_ns(Some(SVG_NS), "text")
            .map_err(|e| describe(&e))?;
        text.set_text_content(span.text_content().as_deref());
        let font_size = computed(window, &span, "font-size");
        // The baseline sits about four fifths down an HTML line box.
        set(
            &text,
            &[
                ("x", &format!("{x:.1}")),
                ("y", &format!("{:.1}", y + rect.height() * 0.8)),
            ],
        )?;
        text.set_attribute(
            "style",
            &format!("{}font-size:{font_size};", text_colour_and_font(window, &span)),
        )
        .map_err(|e| describe(&e))?;
        placed.push(text);
    }
    Ok((placed, origin.width(), origin.height() + GAP))
}

/// The elements under `root` that match `selector`.
fn elements(root: &Element, selector: &str) -> Result<Vec<Element>, String> {
    let found = root.query_selector_all(selector).map_err(|e| describe(&e))?;
    Ok((0..found.length())
        .filter_map(|i| found.item(i)?.dyn_into::<Element>().ok())
        .collect())
}

/// The colour the chart is seen on: the first ancestor's background that is not transparent.
fn background_of(window: &Window, element: &Element) -> String {
    let mut next = Some(element.clone());
    while let Some(element) = next {
        let colour = computed(window, &element, "background-color");
        if !colour.is_empty() && colour != "transparent" && !colour.starts_with("rgba(0, 0, 0, 0)") {
            return colour;
        }
        next = element.parent_element();
    }
    "white".into()
}

fn set(element: &Element, attributes: &[(&str, &str)]) -> Result<(), String> {
    for (name, value) in attributes {
        element.set_attribute(name, value).map_err(|e| describe(&e))?;
    }
    Ok(())
}

fn svg_blob(image: &ChartImage) -> Result<Blob, String> {
    let options = BlobPropertyBag::new();
    options.set_type("image/svg+xml");
    Blob::new_with_str_sequence_and_options(&Array::of1(&image.markup.as_str().into()), &options)
        .map_err(|e| describe(&e))
}

/// Saves the chart as `<name>.svg`.
pub fn save_svg(image: &ChartImage, name: &str) -> Result<(), String> {
    save_blob(&svg_blob(image)?, &format!("{name}.svg"))
}

/// Draws the chart onto a canvas and saves it as `<name>.png`; `on_error` hears what failed
/// once the image has loaded (the drawing is asynchronous).
pub fn save_png(image: &ChartImage, name: &str, on_error: impl Fn(String) + 'static) -> Result<(), String> {
    let (_, document) = window_and_document()?;
    let url = Url::create_object_url_with_blob(&svg_blob(image)?).map_err(|e| describe(&e))?;
    let picture = HtmlImageElement::new().map_err(|e| describe(&e))?;
    let canvas: HtmlCanvasElement = document
        .create_element("canvas")
        .map_err(|e| describe(&e))?
        .dyn_into()
        .map_err(|_| "a <canvas> is not a canvas")?;
    canvas.set_width((image.width * PNG_SCALE).ceil() as u32);
    canvas.set_height((image.height * PNG_SCALE).ceil() as u32);
    let name = format!("{name}.png");
    let on_error = Rc::new(on_error);
    let onload = {
        let (picture, url) = (picture.clone(), url.clone());
        Closure::once(move || {
            let failed = on_error.clone();
            let drawn = draw(&canvas, &picture).and_then(|()| {
                let saved = Closure::once(move |blob: Option<Blob>| {
                    let result = blob
                        .ok_or_else(|| "the browser could not encode the PNG".to_string())
                        .and_then(|b| save_blob(&b, &name));
                    if let Err(message) = result {
                        on_error(message);
                    }
                });
                canvas
                    .to_blob(saved.into_js_value().unchecked_ref())
                    .map_err(|e| describe(&e))
            });
            // The object URL was only needed to decode the image.
            let _ = Url::revoke_object_url(&url);
            if let Err(message) = drawn {
                failed(message);
            }
        })
    };
    picture.set_onload(Some(onload.into_js_value().unchecked_ref()));
    picture.set_src(&url);
    Ok(())
}

fn draw(canvas: &HtmlCanvasElement, picture: &HtmlImageElement) -> Result<(), String> {
    let context: CanvasRenderingContext2d = canvas
        .get_context("2d")
        .map_err(|e| describe(&e))?
        .ok_or("no 2d canvas")?
        .dyn_into()
        .map_err(|_| "not a 2d context")?;
    context.scale(PNG_SCALE, PNG_SCALE).map_err(|e| describe(&e))?;
    context
        .draw_image_with_html_image_element(picture, 0.0, 0.0)
        .map_err(|e| describe(&e))
}
