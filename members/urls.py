from django.urls import path

from members import views

app_name = "members"
urlpatterns = [
    path("about/steering-committee/", views.steering_committee, name="steering-committee"),
    path("organizations/", views.organization_list, name="organization-list"),
    path("organizations/<slug:slug>/", views.organization_detail, name="organization-detail"),
    path("organizations/<slug:slug>/logo/", views.organization_logo, name="organization-logo"),
    path("join/", views.join, name="join"),
    path("join/thanks/", views.join_thanks, name="join-thanks"),
    path("members/", views.directory, name="directory"),
    path("members/roster/", views.roster, name="roster"),
    path("members/roster/referrals/", views.referral_list, name="referral-list"),
    path("members/roster/referrals.csv", views.referral_list_csv, name="referral-list-csv"),
    path("members/roster/<int:pk>/refer/", views.referral_create, name="referral-create"),
    path("members/me/", views.my_profile, name="me"),
    path("members/applications/", views.application_list, name="application-list"),
    path(
        "members/applications/<int:pk>/approve/",
        views.application_approve,
        name="application-approve",
    ),
    path(
        "members/applications/<int:pk>/decline/",
        views.application_decline,
        name="application-decline",
    ),
    path("members/<int:pk>/", views.member_detail, name="member-detail"),
]
