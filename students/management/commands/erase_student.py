"""``manage.py erase_student <number>``: anonymise one student now, everywhere."""

from __future__ import annotations

from django.core.exceptions import ValidationError
from django.core.management.base import BaseCommand, CommandError

from students import retention
from students.models import Student


class Command(BaseCommand):
    help = "Erase one student's personal data (name, numbers, family, notes), history included."

    def add_arguments(self, parser):
        parser.add_argument("student_number")
        parser.add_argument(
            "--no-input",
            "--noinput",
            action="store_false",
            dest="interactive",
            help="Do not ask for confirmation.",
        )

    def handle(self, *args, student_number: str, interactive: bool, **options):
        try:
            student = Student.objects.get(student_number=student_number)
        except Student.DoesNotExist:
            raise CommandError(f"No student has the number {student_number!r}.") from None
        self.stdout.write(f"Erasing {student}. This removes:")
        for line in retention.what_goes(student):
            self.stdout.write(f"  - {line}")
        if interactive:
            answer = input("Type the student number again to confirm: ")
            if answer.strip() != student_number:
                raise CommandError("Not confirmed; nothing was erased.")
        try:
            retention.erase_student(student=student)
        except ValidationError as exc:
            raise CommandError(" ".join(exc.messages)) from None
        self.stdout.write(self.style.SUCCESS(f"Erased student #{student.pk}."))
