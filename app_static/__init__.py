"""Static files of the chat UI (``app.py``): its stylesheet and the JavaScript Gradio runs in
the page. A package so that an installed wheel carries them beside ``app``."""
