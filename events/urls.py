from django.urls import include, path

from events import views

app_name = "events"
urlpatterns = [
    path("", include("events.editing_urls")),
    path("events/", views.event_list, name="event-list"),
    path("events/mine/", views.my_events, name="my-events"),
    path("events/mine/calendar-address/", views.feed_token_regenerate, name="feed-token"),
    path("events/feed.ics", views.public_feed, name="public-feed"),
    path("events/feed/<str:token>.ics", views.personal_feed, name="personal-feed"),
    path("events/archive/<int:year>/", views.event_archive, name="event-archive"),
    path("events/<slug:slug>/", views.event_detail, name="event-detail"),
    path("events/<slug:slug>/event.ics", views.event_ics, name="event-ics"),
    path("events/<slug:slug>/register/", views.event_register, name="event-register"),
    path("events/<slug:slug>/cancel/", views.event_cancel, name="event-cancel"),
    path(
        "events/<slug:slug>/registrations/",
        views.event_registrations,
        name="event-registrations",
    ),
    path("events/<slug:slug>/attendance/", views.event_attendance, name="event-attendance"),
    path("events/<slug:slug>/sign-in-sheet/", views.sign_in_sheet, name="sign-in-sheet"),
    path(
        "events/<slug:slug>/registrations.csv",
        views.event_registrations_csv,
        name="event-registrations-csv",
    ),
]
