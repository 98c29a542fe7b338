from rest_framework import serializers

from pdca.core.api.base import OrgModelSerializer
from pdca.customers.choices import FeedbackStatus, SurveyStatus
from pdca.customers.models import Customer, Feedback, KpiFeed, Survey, SurveyQuestion, SurveyRound

FEEDBACK_STATUSES = ", ".join(FeedbackStatus.values)
SURVEY_STATUSES = ", ".join(SurveyStatus.values)


class CustomerSerializer(OrgModelSerializer):
    class Meta:
        model = Customer
        fields = [
            "id",
            "number",
            "name",
            "sector",
            "contact_name",
            "contact_email",
            "phone",
            "account_owner",
            "is_active",
            "notes",
            "version",
        ]
        read_only_fields = ["number"]


class FeedbackSerializer(OrgModelSerializer):
    """Feedback of any kind. Complaints and warranty claims carry their due dates (`next_due`: the step
    due now) from the settings; `status` moves through the `transition` action only."""

    status = serializers.CharField(read_only=True, help_text=f"One of: {FEEDBACK_STATUSES}.")

    owner = serializers.PrimaryKeyRelatedField(
        queryset=Feedback._meta.get_field("owner").related_model.objects.all(),
        required=False,
        help_text="A person of the organisation (id); default: you.",
    )

    class Meta:
        model = Feedback
        fields = [
            "id",
            "number",
            "customer",
            "kind",
            "title",
            "description",
            "received_on",
            "channel",
            "reference",
            "owner",
            "status",
            "acknowledge_due",
            "respond_due",
            "next_due",
            "acknowledged_on",
            "responded_on",
            "closed_on",
            "investigation",
            "response",
            "version",
        ]
        read_only_fields = [
            "number",
            "status",
            "acknowledge_due",
            "respond_due",
            "next_due",
            "acknowledged_on",
            "responded_on",
            "closed_on",
        ]


def _one_of(values: list[str]):
    def check(value):
        if value not in values:
            raise serializers.ValidationError(f"Choose one of: {', '.join(values)}.")

    return check


class FeedbackTransitionSerializer(serializers.Serializer):
    status = serializers.CharField(
        help_text=f"The next step, one of: {FEEDBACK_STATUSES}.", validators=[_one_of(FeedbackStatus.values)]
    )
    text = serializers.CharField(
        required=False, allow_blank=True, default="", help_text="The response sent, or the findings."
    )
    reason = serializers.CharField(required=False, allow_blank=True, default="", max_length=500)


class SurveySerializer(OrgModelSerializer):
    status = serializers.CharField(read_only=True, help_text=f"One of: {SURVEY_STATUSES}.")

    class Meta:
        model = Survey
        fields = ["id", "title", "introduction", "status", "version"]
        read_only_fields = ["status"]


class SurveyTransitionSerializer(serializers.Serializer):
    status = serializers.CharField(
        help_text=f"The new status, one of: {SURVEY_STATUSES}.", validators=[_one_of(SurveyStatus.values)]
    )
    reason = serializers.CharField(required=False, allow_blank=True, default="", max_length=500)


class SurveyQuestionSerializer(OrgModelSerializer):
    class Meta:
        model = SurveyQuestion
        fields = ["id", "survey", "order", "text", "kind", "is_csat", "required", "version"]


class SurveyRoundSerializer(OrgModelSerializer):
    closes_on = serializers.DateField(required=False, help_text="Default: the settings' link validity after sent_on.")

    class Meta:
        model = SurveyRound
        fields = ["id", "survey", "name", "sent_on", "closes_on", "invited", "answered", "version"]
        read_only_fields = ["invited", "answered"]


class InviteSerializer(serializers.Serializer):
    customers = serializers.ListField(child=serializers.IntegerField(), help_text="Customer ids to invite.")
    send_email = serializers.BooleanField(default=True)


class InvitationLinkSerializer(serializers.Serializer):
    customer = serializers.IntegerField()
    link = serializers.CharField(help_text="The answer link: shown once, only its hash is kept.")


class KpiFeedSerializer(OrgModelSerializer):
    class Meta:
        model = KpiFeed
        fields = ["id", "kpi", "metric", "survey", "is_active", "refreshed_at", "version"]
        read_only_fields = ["refreshed_at"]


class DistributionSerializer(serializers.Serializer):
    question = serializers.IntegerField()
    text = serializers.CharField()
    kind = serializers.CharField()
    is_csat = serializers.BooleanField()
    counts = serializers.DictField(child=serializers.IntegerField(), help_text="Score → number of answers.")
    average = serializers.FloatField(allow_null=True)


class RoundTrendSerializer(serializers.Serializer):
    round = serializers.IntegerField()
    name = serializers.CharField()
    sent_on = serializers.DateField()
    nps = serializers.FloatField(allow_null=True)
    csat = serializers.FloatField(allow_null=True)
    invited = serializers.IntegerField()
    answered = serializers.IntegerField()


class SurveyResultsSerializer(serializers.Serializer):
    nps = serializers.FloatField(allow_null=True, help_text="% promoters (9–10) minus % detractors (0–6).")
    csat = serializers.FloatField(allow_null=True, help_text="% of 4–5 answers to CSAT questions.")
    response_rate = serializers.IntegerField(allow_null=True)
    questions = DistributionSerializer(many=True)
    trend = RoundTrendSerializer(many=True)


class ImportSerializer(serializers.Serializer):
    file = serializers.FileField(help_text="The customer list, .xlsx or .csv, columns as in the page's template.")


class ImportErrorSerializer(serializers.Serializer):
    row = serializers.IntegerField(allow_null=True)
    column = serializers.CharField()
    message = serializers.CharField()
    text = serializers.CharField()


class ImportRefusalSerializer(serializers.Serializer):
    errors = ImportErrorSerializer(many=True, help_text="Every bad cell; nothing was imported.")
