//! Buttons that save a chart on the page as an SVG or PNG file, made locally.

use crate::browser::chart_image::{chart_image, save_png, save_svg};
use web_sys::Element;
use yew::prelude::*;

/// Which chart, and where to report a failure.
#[derive(Properties, PartialEq)]
pub struct ChartExportProps {
    /// The element holding the chart's `<svg>`s.
    pub target: NodeRef,
    /// The file name without its extension.
    pub name: AttrValue,
    /// What the chart is, for the buttons' labels.
    pub label: AttrValue,
    /// Where a failure is told.
    pub on_notice: Callback<String>,
}

/// "SVG" and "PNG" buttons for one chart.
#[function_component]
pub fn ChartExport(props: &ChartExportProps) -> Html {
    let save = |png: bool| {
        let (target, name, on_notice) = (props.target.clone(), props.name.to_string(), props.on_notice.clone());
        Callback::from(move |_: MouseEvent| {
            let result = target
                .cast::<Element>()
                .ok_or_else(|| "the chart is not on the page".to_string())
                .and_then(|container| chart_image(&container))
                .and_then(|image| {
                    if png {
                        let on_notice = on_notice.clone();
                        save_png(&image, &name, move |m| {
                            on_notice.emit(format!("The PNG could not be made: {m}"))
                        })
                    } else {
                        save_svg(&image, &name)
                    }
                });
            if let Err(message) = result {
                on_notice.emit(format!("The chart could not be exported: {message}"));
            }
        })
    };
    html! {
        <div class="chart-export" role="group" aria-label={format!("Save the {} chart", props.label)}>
            <button type="button" class="button small" onclick={save(false)}
                aria-label={format!("Save the {} chart as SVG", props.label)}>{"SVG"}</button>
            <button type="button" class="button small" onclick={save(true)}
                aria-label={format!("Save the {} chart as PNG", props.label)}>{"PNG"}</button>
        </div>
    }
}
