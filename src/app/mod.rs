//! The app component: holds the state, starts the worker, turns state changes into requests
//! (a new store or filter asks for its views, an open entity for its page, a selection for its
//! event), keeps the URL and the state in step (the filter and the open entity, both ways), and
//! turns user actions into actions on the state. What the page looks like is in `layout`.

pub mod filter_edits;
pub mod format;
pub mod layout;
pub mod state;
pub mod table_window;
pub mod worker_client;

use crate::browser::download::Download;
use crate::browser::dropped_entries::PickedFile;
use crate::browser::fetch_sample::{fetch_sample, SAMPLE_NAME};
use crate::browser::location_hash;
use crate::browser::shortcuts;
use crate::protocol::{Choose, ExportFormat, Request, Response, SqlAsk};
use filter_edits::FilterEdits;
use layout::Actions;
use state::{Action, AppState, Detail, TableCache, PAGE_ROWS};
use std::cell::RefCell;
use std::rc::Rc;
use trailscope_core::catalog::choice::Choice;
use trailscope_core::query::entity::link;
use trailscope_core::query::entity::Entity;
use trailscope_core::query::filter::{Filter, FilterEdit};
use trailscope_core::query::view::ViewRequest;
use worker_client::WorkerClient;
use yew::prelude::*;

/// The whole app.
#[function_component]
pub fn App() -> Html {
    let state = use_reducer(|| {
        let (filter, entity) = link::decode(&location_hash::read());
        AppState::from_link(filter, entity)
    });
    let client = use_memo((), |_| WorkerClient::default());
    let fetching_sample = use_state(|| false);
    let download = use_memo((), |_| RefCell::new(Download::default()));

    {
        let (client, dispatcher) = (client.clone(), state.dispatcher());
        use_effect_with((), move |_| {
            let to_state = dispatcher.clone();
            let on_response = move |response| match response {
                Response::ExportPart { bytes } => download.borrow_mut().push(&bytes),
                Response::Exported(done) => {
                    let saved = download.borrow_mut().save(done.format.file_name(), done.format.mime());
                    if let Err(message) = saved {
                        to_state.dispatch(Action::Notice(format!("The export could not be saved: {message}")));
                    }
                    to_state.dispatch(Action::Worker(Response::Exported(done)));
                }
                other => to_state.dispatch(Action::Worker(other)),
            };
            if let Err(message) = client.start(on_response) {
                dispatcher.dispatch(Action::Worker(Response::Panic {
                    message: format!("the worker could not start: {message}"),
                }));
            }
            move || client.stop()
        });
    }
    let shown = use_mut_ref(Shown::default);
    *shown.borrow_mut() = Shown {
        generation: state.generation,
        searches_kept: state.searches_kept,
        request: state.request.clone(),
        table: state.table.clone(),
        choose_first: state.choose_first,
    };
    let actions = {
        let (dispatcher, client, fetching, shown) = (
            state.dispatcher(),
            client.clone(),
            fetching_sample.clone(),
            shown.clone(),
        );
        use_memo((), move |_| actions(shown, dispatcher, &client, &fetching))
    };
    {
        let step = state.dispatcher().to_callback().reform(Action::Step);
        use_effect_with((), move |_| {
            let listener = shortcuts::listen(move |by| step.emit(by));
            move || drop(listener)
        });
    }
    {
        let follow = actions.link.clone();
        use_effect_with((), move |_| {
            let listener = location_hash::listen(move |fragment| follow.emit(link::decode(&fragment)));
            move || drop(listener)
        });
    }
    use_effect_with(
        (state.request.filter.clone(), state.entity.clone()),
        |(filter, entity)| location_hash::write(&link::encode(filter, entity.as_ref())),
    );
    {
        let client = client.clone();
        // A search whose rows the worker kept may change the views of a filter that uses them.
        use_effect_with(
            (state.generation, state.request.clone(), state.searches_kept),
            move |(generation, request, searches_kept)| {
                if let Some(generation) = *generation {
                    client.query(generation, *searches_kept, request);
                }
            },
        );
    }
    {
        // Each `json:` term of the filter needs its search in every field over the rows held:
        // asked again after a load (the rows moved) or when the terms change, never after a
        // search ends (a cancelled one stays cancelled).
        let search = actions.search.clone();
        let texts = state.request.filter.text_searches();
        use_effect_with((state.generation, texts), move |(generation, texts)| {
            if generation.is_some() {
                for text in texts {
                    search.emit(text.clone());
                }
            }
        });
    }
    {
        let client = client.clone();
        let wanted = state.generation.zip(state.entity.clone());
        let max_buckets = state.request.max_buckets;
        use_effect_with(wanted, move |wanted| {
            if let Some((_, entity)) = wanted {
                client.send(&Request::Entity {
                    entity: entity.clone(),
                    max_buckets,
                });
            }
        });
    }
    {
        let client = client.clone();
        let wanted = match &state.selected {
            Some((row, Detail::Loading)) => state.generation.map(|g| (g, *row)),
            _ => None,
        };
        use_effect_with(wanted, move |wanted| {
            if let Some((generation, row)) = *wanted {
                client.send(&Request::Event { generation, row });
            }
        });
    }

    layout::page(&state, *fetching_sample, &actions)
}

/// What the page shows now. The callbacks read it when they fire instead of holding what they
/// were made with, so they are made once and never redraw a component by changing; and a filter
/// change can ask for its views before the redraw.
#[derive(Default)]
struct Shown {
    generation: Option<u32>,
    searches_kept: u32,
    request: ViewRequest,
    table: Rc<TableCache>,
    choose_first: bool,
}

/// Asks for the views of `filter` at once, so the worker computes them while the page redraws
/// the filter's chips, instead of after that redraw (which asks again, for nothing).
fn ask_early(client: &WorkerClient, shown: &RefCell<Shown>, filter: &Filter) {
    // Cloned out: the dispatch that follows may redraw at once, and the redraw writes `shown`.
    let (generation, searches_kept, request) = {
        let shown = shown.borrow();
        (shown.generation, shown.searches_kept, shown.request.clone())
    };
    if let Some(generation) = generation {
        client.query(
            generation,
            searches_kept,
            &ViewRequest {
                filter: filter.clone(),
                ..request
            },
        );
    }
}

/// Follows a link (the URL fragment changed): its filter, asking for its views early, and its
/// entity's page, in one action so that the URL is never written with half of them.
fn link_follower(
    client: &WorkerClient,
    shown: Rc<RefCell<Shown>>,
    dispatcher: UseReducerDispatcher<AppState>,
) -> Callback<(Filter, Option<Entity>)> {
    let client = client.clone();
    Callback::from(move |(filter, entity): (Filter, Option<Entity>)| {
        ask_early(&client, &shown, &filter);
        dispatcher.dispatch(Action::Link(filter, entity));
    })
}

/// Edits the filter, asking for the views of the filter shown with the edit made early.
fn filter_editor(
    client: &WorkerClient,
    shown: Rc<RefCell<Shown>>,
    dispatcher: UseReducerDispatcher<AppState>,
) -> Callback<FilterEdit> {
    let client = client.clone();
    Callback::from(move |edit: FilterEdit| {
        let edited = edit.apply(&shown.borrow().request.filter);
        ask_early(&client, &shown, &edited);
        dispatcher.dispatch(Action::EditFilter(edit));
    })
}

/// The page's callbacks, made once (see [`Shown`]).
fn actions(
    shown: Rc<RefCell<Shown>>,
    dispatcher: UseReducerDispatcher<AppState>,
    client: &WorkerClient,
    fetching_sample: &UseStateHandle<bool>,
) -> Actions {
    let link = link_follower(client, shown.clone(), dispatcher.clone());
    let tab = dispatcher.to_callback().reform(Action::ShowTab);
    let edits = FilterEdits::new(&filter_editor(client, shown.clone(), dispatcher.clone()), &tab);
    let load = {
        let (client, dispatcher, shown) = (client.clone(), dispatcher.clone(), shown.clone());
        Callback::from(move |files: Vec<PickedFile>| {
            // Sizes are left to the worker (its first progress report has them): reading
            // `File.size` is a synchronous call to the browser per file, seconds for 10,000 files.
            let choose = Choose::for_drop(files.iter().map(|f| f.path.as_str()), shown.borrow().choose_first);
            let count = files.len() as u64;
            client.load(files, choose);
            dispatcher.dispatch(Action::LoadStarted { files: count, bytes: 0 });
        })
    };
    let sample = {
        let (load, dispatcher, fetching) = (load.clone(), dispatcher.clone(), fetching_sample.clone());
        Callback::from(move |()| {
            let (load, dispatcher, fetching) = (load.clone(), dispatcher.clone(), fetching.clone());
            fetching.set(true);
            fetch_sample(move |fetched| {
                match fetched {
                    Ok(file) => {
                        load.emit(vec![PickedFile::new(SAMPLE_NAME.to_string(), file)]);
                        dispatcher.dispatch(Action::SampleStarted);
                    }
                    Err(message) => {
                        dispatcher.dispatch(Action::Notice(format!("The sample could not be fetched: {message}")))
                    }
                }
                fetching.set(false);
            });
        })
    };
    let need_pages = {
        let (client, dispatcher, shown) = (client.clone(), dispatcher.clone(), shown.clone());
        Callback::from(move |pages: Vec<u64>| {
            let table = shown.borrow().table.clone();
            let missing = table.missing(pages);
            for &page in &missing {
                client.send(&Request::Page {
                    filter: table.filter.clone(),
                    sort: table.sort,
                    offset: page * PAGE_ROWS,
                    limit: PAGE_ROWS as u32,
                });
            }
            if !missing.is_empty() {
                dispatcher.dispatch(Action::PagesRequested(missing));
            }
        })
    };
    let export = {
        let (client, dispatcher) = (client.clone(), dispatcher.clone());
        Callback::from(move |format: ExportFormat| {
            client.send(&Request::Export {
                filter: shown.borrow().table.filter.clone(),
                format: format.clone(),
            });
            dispatcher.dispatch(Action::ExportRequested(format));
        })
    };
    let sql = {
        let client = client.clone();
        Callback::from(move |ask: SqlAsk| client.send(&Request::Sql(ask)))
    };
    Actions {
        export,
        sql,
        load,
        sample,
        clear: {
            let (client, dispatcher) = (client.clone(), dispatcher.clone());
            Callback::from(move |()| {
                client.clear();
                dispatcher.dispatch(Action::ClearRequested);
            })
        },
        choose: {
            let (client, dispatcher) = (client.clone(), dispatcher.clone());
            Callback::from(move |choice: Option<Choice>| {
                client.send(&Request::Choose(choice));
                dispatcher.dispatch(Action::Chose);
            })
        },
        choose_first: dispatcher.to_callback().reform(Action::ChooseFirst),
        cancel: {
            let (client, dispatcher) = (client.clone(), dispatcher.clone());
            Callback::from(move |()| {
                client.send(&Request::Cancel);
                dispatcher.dispatch(Action::CancelRequested);
            })
        },
        search: {
            let (client, dispatcher) = (client.clone(), dispatcher.clone());
            Callback::from(move |text: String| {
                client.send(&Request::Search { text: text.clone() });
                dispatcher.dispatch(Action::SearchRequested(text));
            })
        },
        cancel_search: {
            let (client, dispatcher) = (client.clone(), dispatcher.clone());
            Callback::from(move |()| {
                client.send(&Request::CancelSearch);
                dispatcher.dispatch(Action::CancelSearchRequested);
            })
        },
        notice: dispatcher.to_callback().reform(Action::Notice),
        dismiss: dispatcher.to_callback().reform(|()| Action::DismissNotices),
        link,
        entity: dispatcher.to_callback().reform(Action::ShowEntity),
        open: dispatcher
            .to_callback()
            .reform(|entity| Action::ShowEntity(Some(entity))),
        edits,
        tab,
        stack: dispatcher.to_callback().reform(Action::SetStack),
        need_pages,
        select: dispatcher.to_callback().reform(Action::Select),
        sort: dispatcher.to_callback().reform(Action::SortTable),
    }
}
